"""A stand-in for the WeCom, DingTalk and Feishu webhooks on loopback, for the messaging robot tests.

``RobotReceiver`` serves http://127.0.0.1:<random port>/<provider>/<robot key> (http.server in a thread).
Each request is checked the way the provider documents it — the JSON body's format and, where the robot
signs, the signature recomputed here with the robot's secret and a timestamp within the hour — and
answered as the provider answers: {"errcode": 0, "errmsg": "ok"} (WeCom, DingTalk) or
{"code": 0, "msg": "success"} (Feishu); a malformed or badly signed message gets the provider's error
code. Per robot key, the receiver can refuse the first N requests (HTTP 500, or an errcode / code answer)
and can be slow (sleep before answering). Every request is kept in ``requests`` with what was wrong.
"""

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Received:
	provider: str
	key: str
	path: str
	query: dict
	body: dict | None
	problems: list[str]
	answered: str = ""
	at: float = field(default_factory=time.monotonic)

	@property
	def text(self) -> str:
		"""Everything the message says (for looking up a line)."""
		return json.dumps(self.body, ensure_ascii=False)


@dataclass
class Behaviour:
	secret: str | None = None
	refuse: int = 0  # the first N requests are refused
	refuse_with: str = "500"  # "500" (HTTP 500) or "errcode" (HTTP 200 with a provider error code)
	delay: float = 0.0  # seconds before answering


def check_format(provider: str, body) -> list[str]:
	"""What is wrong with a message body, per the provider's documented format."""
	if not isinstance(body, dict):
		return ["the body is not a JSON object"]
	problems = []
	if provider == "wecom":
		content = (body.get("markdown") or {}).get("content")
		if body.get("msgtype") != "markdown" or not isinstance(content, str) or not content:
			problems.append("WeCom: expected msgtype markdown with markdown.content")
		elif len(content.encode()) > 4096:
			problems.append("WeCom: markdown.content longer than 4096 bytes")
		if set(body) - {"msgtype", "markdown"}:
			problems.append(f"WeCom: unexpected keys {sorted(set(body) - {'msgtype', 'markdown'})}")
	elif provider == "dingtalk":
		md = body.get("markdown") or {}
		if body.get("msgtype") != "markdown" or not md.get("title") or not md.get("text"):
			problems.append("DingTalk: expected msgtype markdown with markdown.title and markdown.text")
	elif provider == "feishu":
		post = ((body.get("content") or {}).get("post")) or {}
		if body.get("msg_type") != "post" or len(post) != 1:
			problems.append("Feishu: expected msg_type post with one content.post locale")
		else:
			[(locale, message)] = post.items()
			if locale not in ("zh_cn", "en_us", "ja_jp"):
				problems.append(f"Feishu: unknown locale {locale}")
			paragraphs = message.get("content")
			if not message.get("title") or not isinstance(paragraphs, list) or not paragraphs:
				problems.append("Feishu: expected a title and content paragraphs")
			else:
				for paragraph in paragraphs:
					for element in paragraph:
						if element.get("tag") not in ("text", "a", "at", "img") or "text" not in element:
							problems.append(f"Feishu: bad element {element}")
		if len(json.dumps(body).encode()) > 20 * 1024:
			problems.append("Feishu: body larger than 20 KB")
	return problems


def check_signature(provider: str, secret: str, query: dict, body: dict) -> list[str]:
	"""The signature, recomputed with the secret (the receiver's own code, after the providers' docs)."""
	now = time.time()
	if provider == "dingtalk":
		timestamp, sign = query.get("timestamp"), query.get("sign")
		if not timestamp or not sign:
			return ["DingTalk: timestamp and sign missing from the URL"]
		expected = base64.b64encode(
			hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
		).decode()
		if abs(now * 1000 - int(timestamp)) > 3600 * 1000:
			return ["DingTalk: timestamp more than an hour away"]
		return [] if hmac.compare_digest(sign, expected) else ["DingTalk: sign does not match"]
	if provider == "feishu":
		timestamp, sign = body.get("timestamp"), body.get("sign")
		if not timestamp or not sign:
			return ["Feishu: timestamp and sign missing from the body"]
		expected = base64.b64encode(
			hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
		).decode()
		if abs(now - int(timestamp)) > 3600:
			return ["Feishu: timestamp more than an hour away"]
		return [] if hmac.compare_digest(sign, expected) else ["Feishu: sign does not match"]
	return []


def _answer(provider: str, code: int, message: str) -> dict:
	if provider == "feishu":
		return {"code": code, "msg": message, "data": {}}
	return {"errcode": code, "errmsg": message}


class RobotReceiver:
	"""Use as a context manager; ``url(provider, key)`` is a robot's webhook address."""

	def __init__(self):
		self.requests: list[Received] = []
		self.behaviours: dict[str, Behaviour] = {}
		self.lock = threading.Lock()
		self.server: ThreadingHTTPServer | None = None

	def __enter__(self) -> "RobotReceiver":
		receiver = self

		class Handler(BaseHTTPRequestHandler):
			def do_POST(self):
				receiver.handle(self)

			def log_message(self, *args):
				pass

		self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
		self.server.daemon_threads = True
		threading.Thread(target=self.server.serve_forever, daemon=True).start()
		return self

	def __exit__(self, *exc) -> None:
		self.server.shutdown()
		self.server.server_close()

	@property
	def base(self) -> str:
		return f"http://127.0.0.1:{self.server.server_address[1]}"

	def url(self, provider: str, key: str) -> str:
		provider = provider.lower()
		if provider == "wecom":
			return f"{self.base}/wecom/cgi-bin/webhook/send?key={key}"
		if provider == "dingtalk":
			return f"{self.base}/dingtalk/robot/send?access_token={key}"
		return f"{self.base}/feishu/open-apis/bot/v2/hook/{key}"

	def expect(self, key: str, **behaviour) -> None:
		self.behaviours[key] = Behaviour(**behaviour)

	def received(self, key: str | None = None) -> list[Received]:
		with self.lock:
			return [r for r in self.requests if key is None or r.key == key]

	def handle(self, request: BaseHTTPRequestHandler) -> None:
		parts = urlsplit(request.path)
		provider = parts.path.strip("/").split("/")[0]
		query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
		if provider == "feishu":
			key = parts.path.rsplit("/", 1)[-1]
		else:
			key = query.get("access_token") or query.get("key") or ""
		raw = request.rfile.read(int(request.headers.get("Content-Length") or 0))
		problems = []
		try:
			body = json.loads(raw.decode("utf-8"))
		except ValueError:
			body, problems = None, ["the body is not JSON"]
		if "application/json" not in (request.headers.get("Content-Type") or ""):
			problems.append("Content-Type is not application/json")
		behaviour = self.behaviours.get(key, Behaviour())
		if body is not None:
			message = dict(body)
			if provider == "feishu" and behaviour.secret:
				message.pop("timestamp", None)
				message.pop("sign", None)
			problems += check_format(provider, message)
			if behaviour.secret:
				problems += check_signature(provider, behaviour.secret, query, body)
		record = Received(provider, key, parts.path, query, body, problems)
		with self.lock:
			self.requests.append(record)
			number = len([r for r in self.requests if r.key == key])
		if behaviour.delay:
			time.sleep(behaviour.delay)
		if number <= behaviour.refuse:
			if behaviour.refuse_with == "500":
				record.answered = "500"
				return self._send(request, 500, {"error": "busy"})
			record.answered = "errcode"
			return self._send(request, 200, _answer(provider, 45009, "api freq out of limit"))
		if problems:
			record.answered = "rejected"
			code = {"dingtalk": 310000, "feishu": 19021}.get(provider, 40058)
			return self._send(request, 200, _answer(provider, code, "; ".join(problems)))
		record.answered = "ok"
		self._send(request, 200, _answer(provider, 0, "ok" if provider != "feishu" else "success"))

	@staticmethod
	def _send(request: BaseHTTPRequestHandler, status: int, answer: dict) -> None:
		data = json.dumps(answer).encode()
		try:
			request.send_response(status)
			request.send_header("Content-Type", "application/json")
			request.send_header("Content-Length", str(len(data)))
			request.end_headers()
			request.wfile.write(data)
		except (BrokenPipeError, ConnectionResetError):
			pass  # the sender gave up waiting (its timeout)

"""The three group robots' message formats, signing and answers (README, "Messaging robots").

Pure functions (no framework): a message is a title and lines, each line a text with an optional link.

- WeCom (企业微信) group robot: POST the webhook URL (…/cgi-bin/webhook/send?key=…) with
  ``{"msgtype": "markdown", "markdown": {"content": …}}``; content at most 4096 bytes; no signing (the key
  in the URL is the credential); answer ``{"errcode": 0, "errmsg": "ok"}``.
- DingTalk (钉钉) custom robot: POST …/robot/send?access_token=… with
  ``{"msgtype": "markdown", "markdown": {"title": …, "text": …}}``; with a signing secret (加签) the URL gets
  ``&timestamp=<ms>&sign=<urlencoded base64(HMAC-SHA256(key=secret, msg=timestamp + "\\n" + secret))>``;
  answer ``{"errcode": 0, "errmsg": "ok"}``.
- Feishu (飞书) custom bot: POST …/open-apis/bot/v2/hook/… with
  ``{"msg_type": "post", "content": {"post": {"zh_cn" | "en_us": {"title": …, "content": [[…]]}}}}``; with a
  signing secret (签名校验) the body also carries ``"timestamp": "<s>"`` and
  ``"sign": base64(HMAC-SHA256(key=timestamp + "\\n" + secret, msg=b""))``; body at most 20 KB; answer
  ``{"code": 0, "msg": "success"}``.
"""

import base64
import hashlib
import hmac
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote_plus, urlsplit

WECOM = "WeCom"
DINGTALK = "DingTalk"
FEISHU = "Feishu"
PROVIDERS = (WECOM, DINGTALK, FEISHU)

# the hosts each provider's webhooks live on (a robot's URL must point at one of them)
HOSTS = {
	WECOM: ("qyapi.weixin.qq.com",),
	DINGTALK: ("oapi.dingtalk.com",),
	FEISHU: ("open.feishu.cn", "open.larksuite.com"),
}

# WeCom: markdown content at most 4096 bytes; DingTalk and Feishu: the body at most 20 KB
MAX_BYTES = {WECOM: 4000, DINGTALK: 18_000, FEISHU: 18_000}


@dataclass
class Line:
	text: str  # may hold <strong>/<b> (the desk notifications' bold)
	link: str | None = None  # an absolute URL


_BOLD = re.compile(r"</?(?:strong|b)>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def plain(html: str) -> str:
	"""Text of a notification subject: tags dropped, entities kept as written."""
	return _TAG.sub("", html or "").replace("&nbsp;", " ").strip()


def markdown(html: str) -> str:
	"""Bold kept as **…**, other tags dropped, one line."""
	return plain(_BOLD.sub("**", html or "")).replace("\n", " ")


def _markdown_text(title: str, lines: list[Line], more: str | None, open_label: str) -> str:
	out = [f"### {plain(title)}", ""]
	for line in lines:
		item = f"- {markdown(line.text)}"
		if line.link:
			item += f" [{open_label}]({line.link})"
		out.append(item)
	if more:
		out += ["", plain(more)]
	return "\n".join(out)


def _feishu_post(title: str, lines: list[Line], more: str | None, open_label: str, lang: str) -> dict:
	paragraphs = []
	for line in lines:
		paragraph = [{"tag": "text", "text": f"• {plain(line.text)} "}]
		if line.link:
			paragraph.append({"tag": "a", "text": open_label, "href": line.link})
		paragraphs.append(paragraph)
	if more:
		paragraphs.append([{"tag": "text", "text": plain(more)}])
	locale = "zh_cn" if (lang or "").lower().startswith("zh") else "en_us"
	return {
		"msg_type": "post",
		"content": {"post": {locale: {"title": plain(title), "content": paragraphs}}},
	}


def body(
	provider: str,
	title: str,
	lines: list[Line],
	total: int | None = None,
	more: Callable[[int], str] | None = None,
	open_label: str = "›",
	lang: str = "en",
) -> dict:
	"""The JSON body of one message (unsigned). `total`: how many items there are in all (default: the
	lines given); when fewer lines are in the message — not given, or dropped from the end to fit the
	provider's size limit — more(n) says how many are left out."""
	lines = list(lines)
	total = len(lines) if total is None else total
	while True:
		left_out = total - len(lines)
		note = more(left_out) if more and left_out > 0 else None
		if provider == FEISHU:
			result = _feishu_post(title, lines, note, open_label, lang)
		else:
			text = _markdown_text(title, lines, note, open_label)
			if provider == WECOM:
				result = {"msgtype": "markdown", "markdown": {"content": text}}
			elif provider == DINGTALK:
				result = {"msgtype": "markdown", "markdown": {"title": plain(title), "text": text}}
			else:
				raise ValueError(f"unknown provider {provider!r}")
		if len(json.dumps(result, ensure_ascii=False).encode()) <= MAX_BYTES[provider] or len(lines) <= 1:
			return result
		lines.pop()


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
	"""base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")), not yet URL-encoded."""
	to_sign = f"{timestamp_ms}\n{secret}".encode()
	return base64.b64encode(hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()).decode()


def feishu_sign(secret: str, timestamp_s: int) -> str:
	"""base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b""))."""
	key = f"{timestamp_s}\n{secret}".encode()
	return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def signed_request(
	provider: str, url: str, payload: dict, secret: str | None, now: float
) -> tuple[str, dict]:
	"""The URL and JSON body to POST, signed where the provider signs and a secret is set."""
	if not secret or provider == WECOM:
		return url, payload
	if provider == DINGTALK:
		timestamp = int(now * 1000)
		sign = quote_plus(dingtalk_sign(secret, timestamp))
		return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}", payload
	timestamp = int(now)
	return url, {"timestamp": str(timestamp), "sign": feishu_sign(secret, timestamp), **payload}


def failure(provider: str, status: int, text: str) -> str | None:
	"""Why an answer means the message was not delivered, or None when it was: an HTTP error, an answer
	that is not JSON, errcode != 0 (WeCom, DingTalk) or code != 0 (Feishu; older answers: StatusCode)."""
	if status >= 300:
		return f"HTTP {status}: {text[:300]}"
	try:
		answer = json.loads(text)
	except ValueError:
		return f"HTTP {status}, not a JSON answer: {text[:300]}"
	if not isinstance(answer, dict):
		return f"HTTP {status}, unexpected answer: {text[:300]}"
	if provider == FEISHU:
		code = answer.get("code", answer.get("StatusCode"))
		message = answer.get("msg", answer.get("StatusMessage"))
	else:
		code, message = answer.get("errcode"), answer.get("errmsg")
	if code is None or str(code) != "0":
		return f"code {code}: {message}"
	return None


def redact(text: str, url: str) -> str:
	"""`text` (an error) without the webhook's credentials: the URL's path and query."""
	parts = urlsplit(url)
	for secret in (url, f"{parts.path}?{parts.query}" if parts.query else parts.path, parts.query):
		if secret and len(secret) > 1:
			text = text.replace(secret, "…")
	return text


def valid_host(provider: str, url: str, extra_hosts=()) -> bool:
	"""The URL is https on one of the provider's hosts (or on a host the site configuration allows)."""
	parts = urlsplit(url or "")
	host = (parts.hostname or "").lower()
	if host in extra_hosts:
		return parts.scheme in ("http", "https")
	return parts.scheme == "https" and host in HOSTS.get(provider, ())

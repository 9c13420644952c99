"""The robots' message formats, signing and answers (crm_plus.messaging.providers), without the framework."""

import base64
import hashlib
import hmac
import json
from urllib.parse import parse_qs, urlsplit

from crm_plus.messaging.providers import (
	DINGTALK,
	FEISHU,
	WECOM,
	Line,
	body,
	failure,
	redact,
	signed_request,
	valid_host,
)

LINES = [Line("Follow-up with <strong>甲方</strong> is due today.", "https://crm.example/app/x"), Line("b")]


def test_wecom_markdown():
	b = body(WECOM, "CRM Plus · 跟进提醒", LINES, total=5, more=lambda n: f"… and {n} more")
	assert set(b) == {"msgtype", "markdown"}
	assert b["msgtype"] == "markdown"
	content = b["markdown"]["content"]
	assert content.startswith("### CRM Plus · 跟进提醒")
	assert "- Follow-up with **甲方** is due today. [›](https://crm.example/app/x)" in content
	assert content.endswith("… and 3 more")


def test_dingtalk_markdown_has_a_title():
	b = body(DINGTALK, "Title <b>x</b>", LINES)
	assert b["msgtype"] == "markdown"
	assert b["markdown"]["title"] == "Title x"
	assert "**甲方**" in b["markdown"]["text"]


def test_feishu_post_in_the_robots_language():
	b = body(FEISHU, "标题", LINES, open_label="打开", lang="zh")
	assert b["msg_type"] == "post"
	post = b["content"]["post"]["zh_cn"]
	assert post["title"] == "标题"
	first = post["content"][0]
	assert first[0] == {"tag": "text", "text": "• Follow-up with 甲方 is due today. "}
	assert first[1] == {"tag": "a", "text": "打开", "href": "https://crm.example/app/x"}
	assert "en_us" in body(FEISHU, "t", LINES, lang="en")["content"]["post"]


def test_wecom_content_stays_within_4096_bytes_and_counts_what_it_left_out():
	many = [Line("客户" * 100) for _ in range(20)]
	content = body(WECOM, "t", many, total=45, more=lambda n: f"… and {n} more")["markdown"]["content"]
	assert len(content.encode()) <= 4096
	shown = content.count("\n- ")
	assert 5 <= shown < 20
	assert content.endswith(f"… and {45 - shown} more")


def test_dingtalk_signature_in_the_url():
	url, payload = signed_request(
		DINGTALK, "https://oapi.dingtalk.com/robot/send?access_token=T", {"a": 1}, "SECs", 1700000000.123
	)
	query = parse_qs(urlsplit(url).query)
	assert query["access_token"] == ["T"]
	assert query["timestamp"] == ["1700000000123"]
	expected = base64.b64encode(hmac.new(b"SECs", b"1700000000123\nSECs", hashlib.sha256).digest()).decode()
	assert query["sign"] == [expected]  # parse_qs undoes the URL-encoding
	assert payload == {"a": 1}


def test_feishu_signature_in_the_body():
	url, payload = signed_request(
		FEISHU, "https://open.feishu.cn/open-apis/bot/v2/hook/H", {"msg_type": "post"}, "s", 1700000000.9
	)
	assert url.endswith("/hook/H")
	assert payload["timestamp"] == "1700000000"
	expected = base64.b64encode(hmac.new(b"1700000000\ns", b"", hashlib.sha256).digest()).decode()
	assert payload["sign"] == expected
	assert payload["msg_type"] == "post"


def test_no_secret_no_signature():
	assert signed_request(DINGTALK, "https://x/?access_token=T", {}, None, 1.0) == (
		"https://x/?access_token=T",
		{},
	)
	assert signed_request(WECOM, "https://x/?key=K", {}, "ignored", 1.0) == ("https://x/?key=K", {})


def test_answers():
	ok = json.dumps({"errcode": 0, "errmsg": "ok"})
	assert failure(WECOM, 200, ok) is None
	assert (
		failure(DINGTALK, 200, json.dumps({"errcode": 310000, "errmsg": "sign not match"}))
		== "code 310000: sign not match"
	)
	assert failure(FEISHU, 200, json.dumps({"code": 0, "msg": "success"})) is None
	assert failure(FEISHU, 200, json.dumps({"StatusCode": 0, "StatusMessage": "success"})) is None
	assert "19021" in failure(FEISHU, 200, json.dumps({"code": 19021, "msg": "sign match fail"}))
	assert failure(FEISHU, 200, ok).startswith("code None")  # a WeCom answer is no Feishu success
	assert failure(WECOM, 502, "bad gateway").startswith("HTTP 502")
	assert "not a JSON" in failure(WECOM, 200, "<html>")


def test_errors_do_not_leak_the_webhook_key():
	url = "https://oapi.dingtalk.com/robot/send?access_token=SECRETTOKEN&timestamp=1&sign=abc"
	error = "HTTPSConnectionPool(host='oapi.dingtalk.com', port=443): Max retries exceeded with url: /robot/send?access_token=SECRETTOKEN&timestamp=1&sign=abc"
	assert "SECRETTOKEN" not in redact(error, url)
	feishu = "https://open.feishu.cn/open-apis/bot/v2/hook/HOOKTOKEN"
	assert "HOOKTOKEN" not in redact(f"error at {feishu}", feishu)


def test_hosts():
	assert valid_host(WECOM, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1")
	assert not valid_host(WECOM, "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1")
	assert not valid_host(WECOM, "https://oapi.dingtalk.com/robot/send")
	assert not valid_host(DINGTALK, "https://oapi.dingtalk.com.evil.example/robot/send")
	assert valid_host(FEISHU, "https://open.larksuite.com/open-apis/bot/v2/hook/x")
	assert not valid_host(FEISHU, "http://127.0.0.1:8000/x")
	assert valid_host(FEISHU, "http://127.0.0.1:8000/x", extra_hosts=["127.0.0.1"])

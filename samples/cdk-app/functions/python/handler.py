"""A Python function behind the HTTP API: it logs the request and greets the caller."""
import json
import logging

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def handler(event, context):
    name = (event.get("queryStringParameters") or {}).get("name", "world")
    logger.info("greeting %s on %s", name, event.get("rawPath"))
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"greeting": f"hello, {name}", "requestId": context.aws_request_id}),
    }

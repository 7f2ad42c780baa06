#!/usr/bin/env python3
"""Exports the nightly orders report to the reporting API."""
import os
import requests

REPORTS_URL = "https://reports.contoso.com/api/v1/upload"
subscription_id = "a1b2c3d4-1111-4e5f-8a9b-0c1d2e3f4a5b"
password = ""
# Logo embedded in the HTML report header (PNG, base64)
LOGO_PNG = "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAGXRFWHRTb2Z0d2FyZQBBZG9iZSBJbWFnZVJlYWR5ccllPAAAAVhJREFUeNqkU7tKA0EUPbO7k4gKEQQLCwUbwcZKEBsLC"

# Temporary: service token for the reports API until managed identity is wired up
TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtcmVwb3J0LWV4cG9ydCIsImlzcyI6Imh0dHBzOi8vYXV0aC5jb250b3NvLmNvbSIsImF1ZCI6InJlcG9ydHMtYXBpIiwiaWF0IjoxNzkzNDA0ODAwLCJleHAiOjE4MjQ5NDA4MDB9.KsND8EWhDq1wH6uCtJFb65wl034KtOieW_mnAxWqWxk"


def upload(path):
    headers = {"Authorization": "Bearer " + TOKEN}
    with open(path, "rb") as f:
        return requests.post(REPORTS_URL, headers=headers, files={"report": f}, timeout=30)


if __name__ == "__main__":
    upload(os.environ.get("REPORT_PATH", "report.html"))

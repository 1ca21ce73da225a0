"""The reference of bench/ingest.py: FastAPI with nothing behind it, served as ingest is (uvicorn)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

app = FastAPI()


@app.post("/v1/reports", status_code=202)
def report(body: dict[str, Any]) -> dict[str, Any]:
    return {"status": "accepted", "incidents": len(body.get("incidents", []))}


@app.post("/v1/reports/batch", status_code=202)
def batch(body: dict[str, Any]) -> dict[str, Any]:
    return {"accepted": len(body.get("reports", []))}

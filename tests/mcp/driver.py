"""Drives `tri mcp` with the official MCP Python SDK (PyPI `mcp`, pinned in .ci/run): a real
client the project did not write. Used by tests/mcp.rs and scripts/bench-mcp.sh.

Input (a JSON document on stdin):
  {"command": "/path/to/tri", "args": ["mcp", ...], "cwd": "/dir", "env": {...},
   "list_tools": true, "calls": [{"tool": "step", "arguments": {...}, "progress": false}]}
`env` is merged over the SDK's default environment for a server (HOME, PATH, ...).

Output (one JSON document on stdout):
  {"protocol_version": "...", "server": {...}, "instructions": "...",
   "tools": [{"name", "description", "inputSchema", "annotations"}],
   "results": [{"tool", "isError", "structuredContent", "text", "progress": [...],
                "protocol_error": null | "..."}],
   "elapsed_ms": [per call, wall clock]}
Nothing is asserted here: the Rust test asserts on the output.
"""

import json
import sys
import time

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError


def dump(model):
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


async def main():
    spec = json.load(sys.stdin)
    params = StdioServerParameters(
        command=spec["command"],
        args=spec.get("args", ["mcp"]),
        cwd=spec.get("cwd"),
        env=spec.get("env") or {},
    )
    out = {"results": [], "elapsed_ms": []}
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            out["protocol_version"] = init.protocol_version
            out["server"] = dump(init.server_info)
            out["instructions"] = init.instructions
            if spec.get("list_tools", True):
                listed = await session.list_tools()
                out["tools"] = [dump(t) for t in listed.tools]
            for call in spec.get("calls", []):
                progress = []

                async def on_progress(p, total, message, progress=progress):
                    progress.append({"progress": p, "total": total, "message": message})

                entry = {"tool": call["tool"], "progress": progress, "protocol_error": None}
                started = time.perf_counter()
                try:
                    r = await session.call_tool(
                        call["tool"],
                        call.get("arguments", {}),
                        progress_callback=on_progress if call.get("progress") else None,
                    )
                    entry["isError"] = bool(r.is_error)
                    entry["structuredContent"] = r.structured_content
                    entry["text"] = "\n".join(
                        c.text for c in r.content if getattr(c, "type", None) == "text"
                    )
                except MCPError as e:
                    entry["protocol_error"] = str(e)
                out["elapsed_ms"].append((time.perf_counter() - started) * 1000.0)
                out["results"].append(entry)
    json.dump(out, sys.stdout)


anyio.run(main)

#!/usr/bin/env python3
"""The floor client of scripts/bench-eval.sh: the same chat requests as `eval` sends, over raw
sockets with asyncio (HTTP/1.1 keep-alive, one connection per concurrent request, no SDK), each
answer parsed and checked as the eval's icontains assertion checks it, nothing stored. What a
lean hand-written client spends; `eval` should spend no more.

With --stream it asks as `eval` does (`"stream": true` with usage, so that the time to the
first token is measured): it reads the chunked event stream and parses every event's JSON.
Without it, it asks for one JSON reply: less work than `eval` does, the stricter floor.

usage: floor-client.py [--stream] PORT CASES_JSONL CONCURRENCY MODEL [MODEL ...]
"""
import asyncio
import json
import sys


async def read_chunked(reader):
    """The body of a chunked reply, chunk by chunk."""
    while True:
        size = int((await reader.readline()).split(b";")[0], 16)
        if size == 0:
            await reader.readline()  # the blank line after the last chunk
            return
        chunk = await reader.readexactly(size)
        await reader.readexactly(2)
        yield chunk


async def streamed_text(reader):
    """The answer of an event stream: each event's JSON parsed, its delta's content joined."""
    text, pending = [], b""
    async for chunk in read_chunked(reader):
        pending += chunk
        *events, pending = pending.split(b"\n\n")
        for event in events:
            for line in event.split(b"\n"):
                if not line.startswith(b"data:"):
                    continue
                data = line[5:].strip()
                if data == b"[DONE]":
                    continue
                for choice in json.loads(data).get("choices") or []:
                    text.append((choice.get("delta") or {}).get("content") or "")
    return "".join(text)


async def worker(port, queue, results, stream):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            try:
                model, ticket = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            request = {"model": model, "messages": [
                {"role": "user", "content": f"Classify this ticket: {ticket}"}]}
            if stream:
                request.update(stream=True, stream_options={"include_usage": True})
            body = json.dumps(request).encode()
            writer.write(b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         b"Authorization: Bearer bench\r\nContent-Type: application/json\r\n"
                         b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            await writer.drain()
            status = await reader.readline()
            length, chunked = 0, False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "transfer-encoding":
                    chunked = "chunked" in value.lower()
            if chunked:
                text = await streamed_text(reader)
            else:
                answer = json.loads(await reader.readexactly(length))
                text = answer["choices"][0]["message"]["content"] or ""
            ok = status.split()[1] == b"200"
            results.append(ok and "charged" in text.lower())
    finally:
        writer.close()


async def main():
    args = sys.argv[1:]
    stream = args[0] == "--stream"
    if stream:
        args = args[1:]
    port, cases_file, concurrency, models = int(args[0]), args[1], int(args[2]), args[3:]
    tickets = [json.loads(line)["vars"]["ticket"] for line in open(cases_file) if line.strip()]
    queue = asyncio.Queue()
    for ticket in tickets:
        for model in models:
            queue.put_nowait((model, ticket))
    results = []
    await asyncio.gather(*(worker(port, queue, results, stream) for _ in range(concurrency)))
    print(f"cells              {len(results)} passed={sum(results)} failed={len(results) - sum(results)}")


asyncio.run(main())

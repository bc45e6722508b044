#!/usr/bin/env python3
"""The floor client of scripts/bench-eval.sh: the same chat requests as `eval` sends, over raw
sockets with asyncio (HTTP/1.1 keep-alive, one connection per concurrent request, no SDK), each
answer parsed and checked as the eval's icontains assertion checks it, nothing stored. What a
lean hand-written client spends; `eval` should spend no more.

usage: floor-client.py PORT CASES_JSONL CONCURRENCY MODEL [MODEL ...]
"""
import asyncio
import json
import sys


async def worker(port, queue, results):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            try:
                model, ticket = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            body = json.dumps({"model": model, "messages": [
                {"role": "user", "content": f"Classify this ticket: {ticket}"}]}).encode()
            writer.write(b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         b"Authorization: Bearer bench\r\nContent-Type: application/json\r\n"
                         b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            await writer.drain()
            status = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            answer = json.loads(await reader.readexactly(length))
            text = answer["choices"][0]["message"]["content"] or ""
            ok = status.split()[1] == b"200"
            results.append(ok and "charged" in text.lower())
    finally:
        writer.close()


async def main():
    port, cases_file, concurrency, models = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    tickets = [json.loads(line)["vars"]["ticket"] for line in open(cases_file) if line.strip()]
    queue = asyncio.Queue()
    for ticket in tickets:
        for model in models:
            queue.put_nowait((model, ticket))
    results = []
    await asyncio.gather(*(worker(port, queue, results) for _ in range(concurrency)))
    print(f"cells              {len(results)} passed={sum(results)} failed={len(results) - sum(results)}")


asyncio.run(main())

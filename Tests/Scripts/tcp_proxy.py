#!/usr/bin/env python3
"""A loopback TCP proxy that can take its upstream "down" and bring it back, for outage tests.

    tcp_proxy.py HOST:PORT

Listens on 127.0.0.1 on a free port and prints `port N`. Then reads commands from standard input, one a line,
answering `ok` to each:
  down  close every proxied connection and stop listening (new connections are refused, as with a stopped server)
  up    listen again on the same port
It exits when standard input closes.
"""
import asyncio
import sys


async def main():
    host, port = sys.argv[1].rsplit(":", 1)
    connections = set()

    async def pipe(reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def accept(client_reader, client_writer):
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(host, int(port))
        except OSError:
            client_writer.close()
            return
        tasks = [asyncio.ensure_future(pipe(client_reader, upstream_writer)),
                 asyncio.ensure_future(pipe(upstream_reader, client_writer))]
        entry = (client_writer, upstream_writer, tuple(tasks))
        connections.add(entry)
        try:
            await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            connections.discard(entry)

    server = await asyncio.start_server(accept, "127.0.0.1", 0, reuse_address=True)
    listen_port = server.sockets[0].getsockname()[1]
    print(f"port {listen_port}", flush=True)

    loop = asyncio.get_running_loop()
    stdin = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)
    while line := await stdin.readline():
        command = line.decode().strip()
        if command == "down" and server is not None:
            server.close()
            server = None
            for client_writer, upstream_writer, tasks in list(connections):
                for task in tasks:
                    task.cancel()
                # An abort, as a crashed or stopped server leaves the client: no orderly goodbye.
                client_writer.transport.abort()
                upstream_writer.transport.abort()
            connections.clear()
        elif command == "up" and server is None:
            server = await asyncio.start_server(accept, "127.0.0.1", listen_port, reuse_address=True)
        print("ok", flush=True)


asyncio.run(main())

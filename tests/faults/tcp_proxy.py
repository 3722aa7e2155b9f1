"""A TCP proxy for fault tests, in front of PostgreSQL: forwards bytes, or stalls (holds
every connection open and forwards nothing, as a frozen server or a black-holed network
path would), or drops (closes every connection and refuses new ones at once).

Threads, no dependencies: one accept loop, two pumps per connection."""

import contextlib
import select
import socket
import threading

FORWARD, STALL, DROP = "forward", "stall", "drop"


class TcpProxy:
    def __init__(self, upstream_host: str, upstream_port: int):
        self.upstream = (upstream_host, upstream_port)
        self.mode = FORWARD
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._closed = False
        threading.Thread(target=self._accept_loop, daemon=True).start()

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        if mode == DROP:
            self._close_all()

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        self._close_all()

    def _close_all(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept_loop(self) -> None:
        while not self._closed:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            if self.mode == DROP:
                client.close()
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with self._lock:
            self._sockets.add(client)
        try:
            while self.mode == STALL:  # a new connection during a stall: accepted, never answered
                if self._closed or client not in self._sockets:
                    return
                threading.Event().wait(0.05)
            upstream = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            client.close()
            return
        with self._lock:
            self._sockets.add(upstream)
        self._pump(client, upstream)

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        peers = {client: upstream, upstream: client}
        try:
            while True:
                readable, _w, _x = select.select(list(peers), [], [], 0.05)
                if self.mode == STALL:
                    continue  # bytes stay in the kernel buffers: nobody hears anything
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    peers[sock].sendall(data)
        except (OSError, ValueError):
            return
        finally:
            for sock in peers:
                with self._lock:
                    self._sockets.discard(sock)
                with contextlib.suppress(OSError):
                    sock.close()

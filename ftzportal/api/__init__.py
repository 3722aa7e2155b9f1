"""Pieces every endpoint of the partner API shares: the error shape and its exception
handler, pagination, partner-key authentication, throttles, conditional GET, the schema
class and the read-only viewset base."""

"""Outbound SMS delivery: adapters behind one Gateway protocol (an SMPP client, the built-in SMSC simulator).

The delivery engine arrives with the sending issue; this package holds only code that is used.
"""

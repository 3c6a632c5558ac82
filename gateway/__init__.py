"""Outbound SMS delivery: adapters behind one Gateway protocol (base.py).

simulator.py is the built-in SMS center simulator (the default); smpp.py is the SMPP 3.4 client, with the connection
in smpp_session.py and the PDUs in smpp_pdus.py; factory.py builds the one the settings ask for.
"""

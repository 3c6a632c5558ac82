#!/usr/bin/env node
// A small SMPP 3.4 SMSC simulator for the SMS cabinet's tests, on the server engine of node-smpp.
// Usage and behaviour: README.md beside this file. Prints `READY <port>` once listening.
'use strict';

const fs = require('fs');
const smpp = require('smpp');

const options = readOptions(process.argv.slice(2));

// node-smpp turns validity_period into a Date with its own (lossy) rules; we read the raw SMPP time ourselves.
smpp.commands.submit_sm.params.validity_period = { type: smpp.types.cstring };

// A peer announcing command_length < 16 would make node-smpp wait forever for a body: refuse it, drop the peer.
const commandLength = smpp.PDU.commandLength;
smpp.PDU.commandLength = function (stream) {
  const length = commandLength(stream);
  if (length !== false && length < 16) {
    throw new Error(`command_length ${length} is below 16`);
  }
  return length;
};

const STATES = { DELIVRD: 2, EXPIRED: 3, DELETED: 4, UNDELIV: 5, ACCEPTD: 6, UNKNOWN: 7, REJECTD: 8 };

let lastId = 0;
const throttledOnce = new Set(); // destinations ending in 888 already refused once (per part)
const waiting = new Map(); // system_id -> receipts due but not deliverable now (not bound, or not acknowledged)
const journal = options.log ? fs.openSync(options.log, 'a') : null;

replayJournal();

const server = smpp.createServer((session) => {
  session.socket.setNoDelay(true);
  session.systemId = null;
  session.unacked = new Map(); // deliver_sm sequence_number -> receipt
  session.window = { second: 0, count: 0 };
  session.on('error', () => session.destroy());
  session.on('close', () => {
    for (const receipt of session.unacked.values()) hold(receipt);
    session.unacked.clear();
    session.systemId = null;
  });
  for (const command of ['bind_transceiver', 'bind_receiver', 'bind_transmitter']) {
    session.on(command, (pdu) => bind(session, pdu, command));
  }
  session.on('submit_sm', (pdu) => submit(session, pdu));
  session.on('enquire_link', (pdu) => session.send(pdu.response()));
  session.on('unbind', (pdu) => {
    session.send(pdu.response());
    session.close();
  });
  session.on('deliver_sm_resp', (pdu) => acknowledge(session, pdu));
  session.on('unknown', (pdu) => session.send(pdu.response()));
});

server.listen(options.port, '127.0.0.1', () => {
  process.stdout.write(`READY ${server.address().port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));

function bind(session, pdu, command) {
  const ok = pdu.system_id === options.systemId && pdu.password === options.password;
  const status = pdu.system_id !== options.systemId ? smpp.ESME_RINVSYSID : smpp.ESME_RINVPASWD;
  record({ kind: 'bind', system_id: pdu.system_id, command, ok });
  if (!ok) {
    session.send(pdu.response({ command_status: status }));
    return;
  }
  session.send(pdu.response({ system_id: 'SMSCSIM' }));
  session.systemId = pdu.system_id;
  session.receives = command !== 'bind_transmitter';
  if (session.receives) flush(pdu.system_id);
}

function submit(session, pdu) {
  if (!session.systemId) {
    session.send(pdu.response({ command_status: smpp.ESME_RINVBNDSTS }));
    return;
  }
  const payload = pdu.message_payload;
  const message = payload && typeof payload.message === 'string' ? payload : pdu.short_message || {};
  const text = typeof message.message === 'string' ? message.message : '';
  const part = readUdh(message.udh || []);
  const entry = {
    kind: 'submit',
    t: Date.now(),
    system_id: session.systemId,
    source: pdu.source_addr,
    destination: pdu.destination_addr,
    data_coding: pdu.data_coding,
    esm_class: pdu.esm_class,
    registered_delivery: pdu.registered_delivery,
    validity_period: pdu.validity_period || '',
    text,
    udh: part,
  };
  const status = refusal(session, pdu.destination_addr, part, text);
  if (status) {
    record({ ...entry, status });
    session.send(pdu.response({ command_status: status }));
    return;
  }
  entry.id = String(++lastId);
  entry.status = 0;
  entry.receipt = (pdu.registered_delivery & 0x03) ? plan(entry) : null;
  record(entry); // written before the response: whatever the client saw accepted is in the log
  session.send(pdu.response({ message_id: entry.id }));
  if (entry.receipt) schedule(entry);
}

function refusal(session, destination, part, text) {
  if (destination.endsWith('000')) return smpp.ESME_RINVDSTADR;
  if (destination.endsWith('888')) {
    const key = `${destination}|${part ? part.part : 1}|${text}`;
    if (!throttledOnce.has(key)) {
      throttledOnce.add(key);
      return smpp.ESME_RTHROTTLED;
    }
  }
  if (options.throttlePerS > 0) {
    const second = Math.floor(Date.now() / 1000);
    if (session.window.second !== second) session.window = { second, count: 0 };
    if (++session.window.count > options.throttlePerS) return smpp.ESME_RTHROTTLED;
  }
  return 0;
}

function plan(entry) {
  let due = entry.t + options.receiptDelayMs + Math.floor(Math.random() * (options.receiptJitterMs + 1));
  let stat = entry.destination.endsWith('999') ? 'UNDELIV' : 'DELIVRD';
  const expires = validityEnd(entry.validity_period, entry.t);
  if (expires !== null && expires < due) {
    stat = 'EXPIRED';
    due = Math.max(entry.t, expires);
  }
  const failedOnly = (entry.registered_delivery & 0x03) === 2;
  return failedOnly && stat === 'DELIVRD' ? null : { stat, due };
}

function schedule(entry) {
  const receipt = { systemId: entry.system_id, id: entry.id, entry };
  setTimeout(() => send(receipt), Math.max(0, entry.receipt.due - Date.now()));
}

function send(receipt) {
  const session = server.sessions.find((s) => s.systemId === receipt.systemId && s.receives && s.socket.writable);
  if (!session) {
    hold(receipt);
    return;
  }
  const { entry } = receipt;
  const { stat } = entry.receipt;
  const summary = (entry.text || '').slice(0, 20);
  const gsm = smpp.encodings.ASCII.match(summary);
  const body =
    `id:${entry.id} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} ` +
    `submit date:${smppDate(entry.t)} done date:${smppDate(entry.receipt.due)} ` +
    `stat:${stat} err:${stat === 'UNDELIV' ? '001' : '000'} text:${summary}`;
  const pdu = new smpp.PDU('deliver_sm', {
    source_addr: entry.destination,
    source_addr_ton: 1,
    source_addr_npi: 1,
    destination_addr: entry.source,
    esm_class: 0x04,
    data_coding: gsm ? 0 : 8,
    short_message: gsm ? smpp.encodings.ASCII.encode(body) : smpp.encodings.UCS2.encode(body),
    receipted_message_id: entry.id,
    message_state: STATES[stat],
  });
  if (session.send(pdu)) session.unacked.set(pdu.sequence_number, receipt);
  else hold(receipt);
}

function acknowledge(session, pdu) {
  const receipt = session.unacked.get(pdu.sequence_number);
  if (!receipt) return;
  session.unacked.delete(pdu.sequence_number);
  if (pdu.command_status) {
    setTimeout(() => send(receipt), 1000); // the client could not take it now: offer it again later
    return;
  }
  record({ kind: 'receipt', t: Date.now(), id: receipt.id, stat: receipt.entry.receipt.stat });
}

function hold(receipt) {
  if (!waiting.has(receipt.systemId)) waiting.set(receipt.systemId, []);
  waiting.get(receipt.systemId).push(receipt);
}

function flush(systemId) {
  const held = waiting.get(systemId) || [];
  waiting.delete(systemId);
  for (const receipt of held) send(receipt);
}

// On start with an existing log: continue its ids, and keep every receipt that was never acknowledged.
function replayJournal() {
  if (!options.log || !fs.existsSync(options.log)) return;
  const pending = new Map();
  for (const line of fs.readFileSync(options.log, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      continue; // a line cut short by a kill
    }
    if (entry.kind === 'submit' && entry.id) {
      lastId = Math.max(lastId, Number(entry.id));
      if (entry.receipt) pending.set(entry.id, entry);
    } else if (entry.kind === 'receipt') {
      pending.delete(entry.id);
    }
  }
  for (const entry of pending.values()) schedule(entry);
}

function record(entry) {
  if (journal !== null) fs.writeSync(journal, JSON.stringify(entry) + '\n');
}

function readUdh(elements) {
  for (const element of elements) {
    if (element[0] === 0x00 && element.length >= 5) return { ref: element[2], total: element[3], part: element[4] };
    if (element[0] === 0x08 && element.length >= 6) {
      return { ref: element.readUInt16BE(2), total: element[4], part: element[5] };
    }
  }
  return null;
}

// SMPP time (section 7.1.1): absolute 'YYMMDDhhmmsstnnp' (p '+'/'-': nn quarter hours from UTC) or relative '...R'.
function validityEnd(value, now) {
  const match = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d)(\d\d)([+\-R])$/.exec(value || '');
  if (!match) return null;
  const [y, mo, d, h, mi, s, tenths, quarters, sign] = match.slice(1).map((x, i) => (i < 8 ? Number(x) : x));
  if (sign === 'R') {
    return now + ((((y * 365 + mo * 30 + d) * 24 + h) * 60 + mi) * 60 + s) * 1000;
  }
  const utc = Date.UTC(2000 + y, mo - 1, d, h, mi, s, tenths * 100);
  return utc - (sign === '+' ? 1 : -1) * quarters * 15 * 60 * 1000;
}

function smppDate(ms) {
  const t = new Date(ms);
  const two = (n) => String(n).padStart(2, '0');
  return `${two(t.getUTCFullYear() % 100)}${two(t.getUTCMonth() + 1)}${two(t.getUTCDate())}` +
    `${two(t.getUTCHours())}${two(t.getUTCMinutes())}${two(t.getUTCSeconds())}`;
}

function readOptions(args) {
  const named = {};
  for (let i = 0; i < args.length; i += 2) named[args[i].replace(/^--/, '')] = args[i + 1];
  const number = (name, fallback) => (named[name] !== undefined ? Number(named[name]) : fallback);
  return {
    port: number('port', 2775),
    systemId: named['system-id'] ?? process.env.SMSC_SYSTEM_ID ?? 'cabinet',
    password: named.password ?? process.env.SMSC_PASSWORD ?? 'secret',
    receiptDelayMs: number('receipt-delay-ms', 200),
    receiptJitterMs: number('receipt-jitter-ms', 0),
    throttlePerS: number('throttle-per-s', 0),
    log: named.log || null,
  };
}

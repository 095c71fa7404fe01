// A small OpenAI-compatible streaming target for the side-by-side benchmark (run.sh), written apart from Callstorm's
// own code so that neither load generator is measured against a peer it shares code with.
//
// POST /v1/chat/completions with "stream": true answers like a voice agent's LLM: after THINK_MS the role and the
// first words, after STREAM_MS more the rest of the reply in a few SSE chunks, then "data: [DONE]". The request body
// (the call's whole message history) is read and parsed, as a real endpoint would. GET /stats returns the counters
// run.sh samples at each phase; requests are counted here so that both load generators are divided by the same count.
//
// Plain node:http, no packages. Keep-alive connections are kept open for as long as a call lasts, with no limit on how
// many (run.sh raises the open-files limit; checked: 5,000 keep-alive connections open at once, two requests each,
// all answered on the same 5,000 connections): no request or keep-alive timeout shorter than a call's pause.
//
//   node target.mjs [port]          PORT, THINK_MS (default 300), STREAM_MS (default 60) in the environment
import http from 'node:http';

const port = Number(process.argv[2] ?? process.env.PORT ?? 8099);
const thinkMs = Number(process.env.THINK_MS ?? 300);
const streamMs = Number(process.env.STREAM_MS ?? 60);

// Not a non-answer to a caller (Callstorm re-asks a step after "could you repeat" and the like): the call moves on.
const REPLY = ['Thanks,', ' I found your booking', ' and moved it', ' to Friday', ' at ten.'];

const stats = { requests: 0, completed: 0, failed: 0, bytesIn: 0, connections: 0, openConnections: 0 };
let nextId = 0;

function chunk(id, created, delta, finish) {
  return 'data: ' + JSON.stringify({
    id, object: 'chat.completion.chunk', created, model: 'side-by-side-target',
    choices: [{ index: 0, delta, finish_reason: finish }],
  }) + '\n\n';
}

function fail(res, status, message) {
  stats.failed++;
  const body = JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: null } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function completions(req, res) {
  stats.requests++;
  const parts = [];
  req.on('data', (b) => { parts.push(b); stats.bytesIn += b.length; });
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch (e) {
      fail(res, 400, 'body is not JSON');
      return;
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      fail(res, 400, 'messages: a non-empty array is required');
      return;
    }
    if (body.stream !== true) {
      fail(res, 400, 'stream: this target only streams');
      return;
    }
    const id = 'chatcmpl-' + (nextId++);
    const created = Math.floor(Date.now() / 1000);
    setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(chunk(id, created, { role: 'assistant', content: REPLY[0] }, null));
      setTimeout(() => {
        if (res.destroyed) return;
        let rest = '';
        for (let i = 1; i < REPLY.length; i++) rest += chunk(id, created, { content: REPLY[i] }, null);
        rest += chunk(id, created, {}, 'stop');
        res.end(rest + 'data: [DONE]\n\n');
        stats.completed++;
      }, streamMs);
    }, thinkMs);
  });
}

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url.startsWith('/v1/chat/completions')) {
    completions(req, res);
  } else if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(stats));
  } else {
    req.resume();
    fail(res, 404, 'no route ' + req.method + ' ' + req.url);
  }
});
server.keepAliveTimeout = 120_000;   // a call's connection stays open across its pauses
server.headersTimeout = 130_000;     // must exceed keepAliveTimeout
server.requestTimeout = 0;
server.maxRequestsPerSocket = 0;
server.on('connection', (socket) => {
  stats.connections++;
  stats.openConnections++;
  socket.on('close', () => stats.openConnections--);
});
server.listen({ port, host: '127.0.0.1', backlog: 8192 }, () => {
  console.log(`side-by-side target on http://127.0.0.1:${port}/v1 (think ${thinkMs} ms, stream ${streamMs} ms)`);
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));

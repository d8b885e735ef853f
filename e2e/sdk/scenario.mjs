// The official AWS SDK for JavaScript, unchanged, against MailManager's SES Mail Manager API: what an SES Mail Manager
// user's script does, step by step, with one line per step ("ok <step>"). The first failure prints
// "FAIL <step>: <error>" with the server's reply and ends the script with exit code 1.
//
// Environment:
//   ENDPOINT               the console's URL, e.g. http://localhost:5000 (the API answers on POST /)
//   AWS_ACCESS_KEY_ID      an API access key created in the console (API access keys)
//   AWS_SECRET_ACCESS_KEY  its secret part
//   AWS_REGION             optional, us-east-1 by default (any region name is accepted)
//   SMTP_PORT              the port the ingress point this script creates listens on (the gateway proposes it)
//   SMTP_HOST              optional, 127.0.0.1 by default
//   FOLDER_ROOT            optional: MailManager:Actions:FolderRoot; when set, the WriteToS3 (write to folder) copy is
//                          looked for there
//   MAILMANAGER_PROTOCOL   optional: awsJson1_0 (the SDK's default) or rpc-v2-cbor (Smithy RPC v2 CBOR, the protocol
//                          newer SES Mail Manager models list first); Secrets Manager speaks awsJson1.1 either way
//
// Written against the SES Mail Manager API reference and the SDK's own types, not against MailManager's code.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {
  CreateAddressListCommand,
  CreateAddressListImportJobCommand,
  CreateIngressPointCommand,
  CreateRelayCommand,
  CreateRuleSetCommand,
  CreateTrafficPolicyCommand,
  DeleteAddressListCommand,
  DeleteIngressPointCommand,
  DeleteRelayCommand,
  DeleteRuleSetCommand,
  DeleteTrafficPolicyCommand,
  GetAddressListCommand,
  GetAddressListImportJobCommand,
  GetIngressPointCommand,
  GetRelayCommand,
  GetRuleSetCommand,
  GetTrafficPolicyCommand,
  ListMembersOfAddressListCommand,
  ListRuleSetsCommand,
  ListTagsForResourceCommand,
  MailManagerClient,
  StartAddressListImportJobCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateIngressPointCommand,
  UpdateRelayCommand,
  UpdateRuleSetCommand,
  UpdateTrafficPolicyCommand,
  paginateListAddressLists,
  paginateListIngressPoints,
  paginateListMembersOfAddressList,
  paginateListRelays,
  paginateListRuleSets,
  paginateListTrafficPolicies,
} from '@aws-sdk/client-mailmanager';
import { SmithyRpcV2CborProtocol } from '@smithy/core/cbor';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

const env = process.env;
for (const name of ['ENDPOINT', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'SMTP_PORT']) {
  if (!env[name]) {
    console.error(`scenario.mjs: set ${name} (see the comment at the top of the script)`);
    process.exit(2);
  }
}

const smtpHost = env.SMTP_HOST || '127.0.0.1';
const smtpPort = Number(env.SMTP_PORT);
const clientConfig = {
  endpoint: env.ENDPOINT,
  region: env.AWS_REGION || 'us-east-1',
  credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
  // One attempt: a failure shows as the server answered it, not after the SDK's retries.
  maxAttempts: 1,
};
const protocols = { awsJson1_0: undefined, 'rpc-v2-cbor': SmithyRpcV2CborProtocol };
const protocolName = env.MAILMANAGER_PROTOCOL || 'awsJson1_0';
if (!(protocolName in protocols)) {
  console.error(`scenario.mjs: MAILMANAGER_PROTOCOL is awsJson1_0 or rpc-v2-cbor, not ${protocolName}`);
  process.exit(2);
}
const mailManagerConfig = protocols[protocolName] ? { ...clientConfig, protocol: protocols[protocolName] } : clientConfig;
const mm = new MailManagerClient(mailManagerConfig);
const sm = new SecretsManagerClient(clientConfig);

// Names of their own, so the script can run again against the same gateway.
const run = randomBytes(4).toString('hex');
const started = Date.now();
const name = (what) => `e2e-${run}-${what}`;
const seconds = 1000;

// ---------------------------------------------------------------------------------------------------------------------
// Helpers

let stepCount = 0;
async function step(title, body) {
  try {
    const detail = await body();
    stepCount++;
    console.log(`ok ${title}${detail ? ` (${detail})` : ''}`);
  } catch (err) {
    console.log(`FAIL ${title}: ${describe(err)}`);
    if (err?.stack && !err.$metadata && !(err instanceof Unexpected)) {
      console.log(err.stack);
    }
    await shutdown();
    process.exit(1);
  }
}

/** The error as the server answered it: the SDK's error name, the HTTP status, the message. */
function describe(err) {
  if (err?.$metadata?.httpStatusCode !== undefined) {
    const raw = err.$responseBodyText ? ` body: ${err.$responseBodyText}` : '';
    return `${err.name} (HTTP ${err.$metadata.httpStatusCode}): ${err.message}${raw}`;
  }
  return err?.message ?? String(err);
}

/** A failed expectation: reported by its message alone, without a stack. */
class Unexpected extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new Unexpected(message);
  }
}

/** JSON with every object's members sorted: equal values compare equal whatever order the members came in. */
function canonical(value) {
  return JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

function same(actual, expected, what) {
  const a = canonical(actual);
  const e = canonical(expected);
  check(a === e, `${what}: expected ${e}, got ${a}`);
}

/** Runs a call that must fail with this error type and HTTP status; returns the error. */
async function expectError(call, errorName, httpStatus) {
  let result;
  try {
    result = await call();
  } catch (err) {
    check(err.name === errorName, `expected ${errorName}, got ${describe(err)}`);
    if (httpStatus !== undefined) {
      check(err.$metadata?.httpStatusCode === httpStatus, `expected ${errorName} with HTTP ${httpStatus}, got ${describe(err)}`);
    }
    return err;
  }
  throw new Unexpected(`expected ${errorName}, but the call succeeded: ${JSON.stringify(result)}`);
}

/** Polls until probe returns a truthy value, at most timeoutMs; the value. */
async function waitFor(probe, what, timeoutMs = 30 * seconds) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await probe();
    if (last) {
      return last;
    }
    if (Date.now() > deadline) {
      throw new Unexpected(`timed out after ${timeoutMs / seconds} s waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every item of every page of an SDK paginator; fails when a page holds more than pageSize items. */
async function collect(paginator, key, pageSize) {
  const items = [];
  let pages = 0;
  for await (const page of paginator) {
    pages++;
    const got = page[key] ?? [];
    check(got.length <= pageSize, `page ${pages} of ${key} has ${got.length} items, more than PageSize ${pageSize}`);
    items.push(...got);
  }
  return { items, pages };
}

/** Sends one message through the ingress point with swaks; { code, output }. */
function swaks(to, subject) {
  const args = [
    '--server', smtpHost, '--port', String(smtpPort), '--ehlo', 'client.example.org',
    '--from', 'sender@example.org', '--to', to,
    '--header', `Subject: ${subject}`, '--body', `A message sent by e2e/sdk/scenario.mjs (${subject}).`,
    '--timeout', '20',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('swaks', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (err) => reject(new Error(`swaks did not start: ${err.message}`)));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The .eml files under a folder, recursively: [{ file, content }]. */
async function emlFiles(folder) {
  let entries;
  try {
    entries = await readdir(folder, { recursive: true, withFileTypes: true });
  } catch (err) {
    if (err.code === 'ENOENT') {
      return [];
    }
    throw err;
  }
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.eml'));
  return Promise.all(files.map(async (e) => {
    const file = path.join(e.parentPath ?? e.path, e.name);
    return { file, content: await readFile(file, 'latin1') };
  }));
}

// ---------------------------------------------------------------------------------------------------------------------
// A tiny SMTP sink, the relay's downstream server: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT, all answered 250
// (354 for DATA, 221 for QUIT); each message is kept in memory with its envelope.

const sink = { messages: [], server: null, port: 0, sockets: new Set() };

function startSink() {
  sink.server = net.createServer((socket) => {
    sink.sockets.add(socket);
    socket.on('close', () => sink.sockets.delete(socket));
    socket.setEncoding('latin1');
    socket.on('error', () => {});
    let buffer = '';
    let inData = false;
    let lines = [];
    let envelope = { from: null, to: [] };
    const reply = (text) => socket.write(`${text}\r\n`);
    reply('220 sink.example ESMTP e2e sink');
    socket.on('data', (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            sink.messages.push({ ...envelope, content: lines.map((l) => `${l}\r\n`).join('') });
            envelope = { from: null, to: [] };
            reply('250 2.0.0 kept');
          } else {
            // Dot-stuffing: a leading dot was doubled by the client.
            lines.push(line.startsWith('.') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.split(' ', 1)[0].toUpperCase();
        if (verb === 'EHLO') {
          reply('250-sink.example');
          reply('250-8BITMIME');
          reply('250 SIZE 52428800');
        } else if (verb === 'HELO' || verb === 'NOOP') {
          reply('250 sink.example');
        } else if (verb === 'MAIL') {
          envelope = { from: /<([^>]*)>/.exec(line)?.[1] ?? '', to: [] };
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          envelope.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          lines = [];
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'RSET') {
          envelope = { from: null, to: [] };
          reply('250 2.0.0 ok');
        } else if (verb === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
        } else {
          reply('502 5.5.1 not implemented');
        }
      }
    });
  });
  return new Promise((resolve, reject) => {
    sink.server.once('error', reject);
    sink.server.listen(0, '127.0.0.1', () => {
      sink.port = sink.server.address().port;
      resolve(sink.port);
    });
  });
}

const sunk = (subject) => sink.messages.filter((m) => m.content.includes(subject));

async function shutdown() {
  if (sink.server) {
    sink.server.close();
    for (const socket of sink.sockets) {
      socket.destroy();
    }
  }
}

/** True when nothing listens on the SMTP port any more. */
function smtpPortClosed() {
  return new Promise((resolve) => {
    const socket = net.connect({ host: smtpHost, port: smtpPort });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// The scenario

const roleArn = 'arn:aws:iam::000000000000:role/mail-manager-write';
const subjectCondition = { StringExpression: { Evaluate: { Attribute: 'SUBJECT' }, Operator: 'CONTAINS', Values: ['[api]'] } };
const listed = ['alice@example.com', 'bob@example.com', 'carol@example.com'];
const state = {};

await step('SMTP sink listening', async () => `127.0.0.1:${await startSink()}; Mail Manager over ${protocolName}`);

// Signature Version 4 is verified: a wrong secret and an unknown key are refused as AWS refuses them.
await step('a wrong secret key is refused with InvalidSignatureException, an unknown key with UnrecognizedClientException', async () => {
  const wrongSecret = new MailManagerClient({ ...mailManagerConfig, credentials: { ...clientConfig.credentials, secretAccessKey: `${env.AWS_SECRET_ACCESS_KEY}x` } });
  await expectError(() => wrongSecret.send(new ListRuleSetsCommand({})), 'InvalidSignatureException', 403);
  const unknownKey = new MailManagerClient({ ...mailManagerConfig, credentials: { accessKeyId: 'AKIAE2EUNKNOWNKEY000', secretAccessKey: env.AWS_SECRET_ACCESS_KEY } });
  await expectError(() => unknownKey.send(new ListRuleSetsCommand({})), 'UnrecognizedClientException', 403);
});

// Secrets Manager: a secret the relay authenticates with, write-only.
await step('secretsmanager CreateSecret', async () => {
  const created = await sm.send(new CreateSecretCommand({
    Name: name('relay-credentials'),
    Description: 'SMTP relay credentials',
    SecretString: JSON.stringify({ username: 'relay-user', password: 'Relay-Passw0rd!' }),
  }));
  check(/^arn:aws:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+/.test(created.ARN ?? ''), `ARN ${created.ARN}`);
  same(created.Name, name('relay-credentials'), 'Name');
  state.secretArn = created.ARN;
  return created.ARN;
});

await step('secretsmanager PutSecretValue', async () => {
  const put = await sm.send(new PutSecretValueCommand({
    SecretId: state.secretArn,
    SecretString: JSON.stringify({ username: 'relay-user', password: 'Relay-Passw0rd-2!' }),
  }));
  same(put.ARN, state.secretArn, 'ARN');
  return put.VersionId ? `version ${put.VersionId}` : '';
});

await step('secretsmanager DescribeSecret', async () => {
  const described = await sm.send(new DescribeSecretCommand({ SecretId: state.secretArn }));
  same(described.ARN, state.secretArn, 'ARN');
  same(described.Name, name('relay-credentials'), 'Name');
  same(described.Description, 'SMTP relay credentials', 'Description');
  // By name as well as by ARN.
  const byName = await sm.send(new DescribeSecretCommand({ SecretId: name('relay-credentials') }));
  same(byName.ARN, state.secretArn, 'ARN of the secret by name');
});

await step('secretsmanager ListSecrets', async () => {
  const listedSecrets = await sm.send(new ListSecretsCommand({}));
  check(listedSecrets.SecretList?.some((s) => s.ARN === state.secretArn), `${state.secretArn} not in ${JSON.stringify(listedSecrets.SecretList)}`);
  return `${listedSecrets.SecretList.length} secret(s)`;
});

await step('secretsmanager GetSecretValue is refused with AccessDeniedException', async () => {
  const err = await expectError(() => sm.send(new GetSecretValueCommand({ SecretId: state.secretArn })), 'AccessDeniedException', 403);
  check(!String(err.message).includes('Relay-Passw0rd'), 'the refusal shows the secret');
  return err.message;
});

// Relays: one authenticating with the secret, one without authentication to the sink.
await step('CreateRelay with Authentication.SecretArn', async () => {
  const created = await mm.send(new CreateRelayCommand({
    RelayName: name('authenticated'),
    ServerName: 'smtp.example.net',
    ServerPort: 587,
    Authentication: { SecretArn: state.secretArn },
    Tags: [{ Key: 'purpose', Value: 'e2e' }],
  }));
  state.secretRelayId = created.RelayId;
  const relay = await mm.send(new GetRelayCommand({ RelayId: created.RelayId }));
  same(relay.Authentication, { SecretArn: state.secretArn }, 'Authentication');
  same([relay.RelayName, relay.ServerName, relay.ServerPort], [name('authenticated'), 'smtp.example.net', 587], 'RelayName, ServerName, ServerPort');
  check(/^arn:aws:ses:[a-z0-9-]+:\d{12}:mailmanager-smtp-relay\//.test(relay.RelayArn ?? ''), `RelayArn ${relay.RelayArn}`);
  state.secretRelayArn = relay.RelayArn;
  return created.RelayId;
});

await step('CreateRelay with NoAuthentication to the sink', async () => {
  const created = await mm.send(new CreateRelayCommand({
    RelayName: name('sink'),
    ServerName: '127.0.0.1',
    ServerPort: sink.port,
    Authentication: { NoAuthentication: {} },
  }));
  state.sinkRelayId = created.RelayId;
  const relay = await mm.send(new GetRelayCommand({ RelayId: created.RelayId }));
  same(relay.Authentication, { NoAuthentication: {} }, 'Authentication');
  state.sinkRelayArn = relay.RelayArn;
  return created.RelayId;
});

// An address list filled by an import job.
await step('CreateAddressList', async () => {
  const created = await mm.send(new CreateAddressListCommand({ AddressListName: name('recipients'), Tags: [{ Key: 'purpose', Value: 'e2e' }] }));
  state.addressListId = created.AddressListId;
  const list = await mm.send(new GetAddressListCommand({ AddressListId: created.AddressListId }));
  same(list.AddressListName, name('recipients'), 'AddressListName');
  check(/^arn:aws:ses:[a-z0-9-]+:\d{12}:mailmanager-address-list\//.test(list.AddressListArn ?? ''), `AddressListArn ${list.AddressListArn}`);
  check(list.CreatedTimestamp instanceof Date && Math.abs(list.CreatedTimestamp - Date.now()) < 10 * 60 * seconds,
    `CreatedTimestamp ${list.CreatedTimestamp} is not a date of the last minutes`);
  state.addressListArn = list.AddressListArn;
  return list.AddressListArn;
});

await step('CreateAddressListImportJob and PUT the CSV to its PreSignedUrl', async () => {
  const job = await mm.send(new CreateAddressListImportJobCommand({
    AddressListId: state.addressListId,
    Name: name('import'),
    ImportDataFormat: { ImportDataType: 'CSV' },
  }));
  state.jobId = job.JobId;
  check(job.PreSignedUrl, 'no PreSignedUrl');
  const csv = `address\n${listed.join('\n')}\n`;
  const upload = await fetch(job.PreSignedUrl, { method: 'PUT', body: csv, headers: { 'Content-Type': 'text/csv' } });
  check(upload.ok, `PUT ${job.PreSignedUrl} answered ${upload.status}: ${await upload.text()}`);
  return `${job.JobId}, PUT ${upload.status}`;
});

await step('StartAddressListImportJob and GetAddressListImportJob until COMPLETED', async () => {
  await mm.send(new StartAddressListImportJobCommand({ JobId: state.jobId }));
  const job = await waitFor(async () => {
    const current = await mm.send(new GetAddressListImportJobCommand({ JobId: state.jobId }));
    check(!['FAILED', 'STOPPED'].includes(current.Status), `the job is ${current.Status}: ${current.Error}`);
    return current.Status === 'COMPLETED' ? current : null;
  }, 'the import job to complete');
  same([job.ImportedItemsCount, job.FailedItemsCount ?? 0], [listed.length, 0], 'ImportedItemsCount, FailedItemsCount');
  same(job.AddressListId, state.addressListId, 'AddressListId');
  return `${job.ImportedItemsCount} imported`;
});

await step('ListMembersOfAddressList', async () => {
  const members = await mm.send(new ListMembersOfAddressListCommand({ AddressListId: state.addressListId }));
  same(members.Addresses.map((a) => a.Address).sort(), listed, 'Addresses');
  const filtered = await mm.send(new ListMembersOfAddressListCommand({ AddressListId: state.addressListId, Filter: { AddressPrefix: 'bo' } }));
  same(filtered.Addresses.map((a) => a.Address), ['bob@example.com'], 'Addresses with AddressPrefix "bo"');
});

// A traffic policy that accepts only the list's recipients.
await step('CreateTrafficPolicy (default DENY, ALLOW recipients IsInAddressList)', async () => {
  const created = await mm.send(new CreateTrafficPolicyCommand({
    TrafficPolicyName: name('listed-only'),
    DefaultAction: 'DENY',
    PolicyStatements: [{
      Action: 'ALLOW',
      Conditions: [{
        BooleanExpression: {
          Evaluate: { IsInAddressList: { Attribute: 'RECIPIENT', AddressLists: [state.addressListArn] } },
          Operator: 'IS_TRUE',
        },
      }],
    }],
  }));
  state.trafficPolicyId = created.TrafficPolicyId;
  const policy = await mm.send(new GetTrafficPolicyCommand({ TrafficPolicyId: created.TrafficPolicyId }));
  same(policy.DefaultAction, 'DENY', 'DefaultAction');
  same(policy.PolicyStatements?.[0]?.Conditions?.[0]?.BooleanExpression?.Evaluate?.IsInAddressList?.AddressLists, [state.addressListArn], 'the statement\'s AddressLists');
  state.trafficPolicyArn = policy.TrafficPolicyArn;
  return created.TrafficPolicyId;
});

// A rule set: "[api]" in the subject adds a header and relays to the sink; anything else is written to a folder.
const rules = (headerValue) => [
  {
    Name: 'api-tagged',
    Conditions: [subjectCondition],
    Actions: [
      { AddHeader: { HeaderName: 'X-Api-Rule', HeaderValue: headerValue } },
      // By ARN: an ARN is accepted wherever an ID is.
      { Relay: { Relay: state.sinkRelayArn, MailFrom: 'PRESERVE' } },
    ],
  },
  {
    Name: 'keep-others',
    Unless: [subjectCondition],
    Actions: [{ WriteToS3: { RoleArn: roleArn, S3Bucket: name('kept'), S3Prefix: 'others' } }],
  },
];

await step('CreateRuleSet with conditions, actions and tags', async () => {
  const created = await mm.send(new CreateRuleSetCommand({
    RuleSetName: name('routing'),
    Rules: rules('api-tagged'),
    Tags: [{ Key: 'team', Value: 'mail' }],
  }));
  state.ruleSetId = created.RuleSetId;
  const ruleSet = await mm.send(new GetRuleSetCommand({ RuleSetId: created.RuleSetId }));
  same(ruleSet.RuleSetName, name('routing'), 'RuleSetName');
  same(ruleSet.Rules?.map((r) => r.Name), ['api-tagged', 'keep-others'], 'rule names');
  same(ruleSet.Rules?.[0]?.Conditions, [subjectCondition], 'the first rule\'s Conditions');
  same(ruleSet.Rules?.[0]?.Actions?.[0], { AddHeader: { HeaderName: 'X-Api-Rule', HeaderValue: 'api-tagged' } }, 'the first action');
  same(ruleSet.Rules?.[1]?.Unless, [subjectCondition], 'the second rule\'s Unless');
  check(ruleSet.CreatedDate instanceof Date && Math.abs(ruleSet.CreatedDate - Date.now()) < 10 * 60 * seconds,
    `CreatedDate ${ruleSet.CreatedDate} is not a date of the last minutes`);
  check(/^arn:aws:ses:[a-z0-9-]+:\d{12}:mailmanager-rule-set\//.test(ruleSet.RuleSetArn ?? ''), `RuleSetArn ${ruleSet.RuleSetArn}`);
  state.ruleSetArn = ruleSet.RuleSetArn;
  return created.RuleSetId;
});

// The ingress point, and mail through it.
await step('CreateIngressPoint (OPEN) and GetIngressPoint until ACTIVE', async () => {
  const created = await mm.send(new CreateIngressPointCommand({
    IngressPointName: name('open'),
    Type: 'OPEN',
    RuleSetId: state.ruleSetId,
    TrafficPolicyId: state.trafficPolicyId,
    Tags: [{ Key: 'purpose', Value: 'e2e' }],
  }));
  state.ingressPointId = created.IngressPointId;
  const point = await waitFor(async () => {
    const current = await mm.send(new GetIngressPointCommand({ IngressPointId: created.IngressPointId }));
    check(current.Status !== 'FAILED', `the ingress point is FAILED: ${JSON.stringify(current)}`);
    return current.Status === 'ACTIVE' ? current : null;
  }, 'the ingress point to be ACTIVE');
  same([point.IngressPointName, point.Type, point.RuleSetId, point.TrafficPolicyId],
    [name('open'), 'OPEN', state.ruleSetId, state.trafficPolicyId], 'IngressPointName, Type, RuleSetId, TrafficPolicyId');
  check(/^arn:aws:ses:[a-z0-9-]+:\d{12}:mailmanager-ingress-point\//.test(point.IngressPointArn ?? ''), `IngressPointArn ${point.IngressPointArn}`);
  state.ingressPointArn = point.IngressPointArn;
  return `${created.IngressPointId}, ARecord ${point.ARecord}`;
});

await step('swaks: a listed recipient is accepted and arrives at the sink with X-Api-Rule', async () => {
  const subject = `[api] hello ${run}`;
  const sent = await swaks(listed[0], subject);
  check(sent.code === 0, `swaks exited ${sent.code}:\n${sent.output}`);
  const [message] = await waitFor(() => sunk(subject).length > 0 && sunk(subject), 'the message at the sink');
  check(/^X-Api-Rule: api-tagged\r$/m.test(message.content), `no "X-Api-Rule: api-tagged" header in:\n${message.content}`);
  same(message.to, [listed[0]], 'the relayed recipients');
  same(message.from, 'sender@example.org', 'the relayed MAIL FROM (MailFrom PRESERVE)');
});

await step('swaks: an unlisted recipient is refused with 550', async () => {
  const sent = await swaks('mallory@example.com', `[api] unlisted ${run}`);
  check(sent.code !== 0, `swaks exited 0: the unlisted recipient was accepted:\n${sent.output}`);
  const refusal = /^ *<\*\* +(550[ -].*)$/m.exec(sent.output);
  check(refusal, `no 550 reply in:\n${sent.output}`);
  return refusal[1].trim();
});

await step('swaks: a message without "[api]" is written to the folder, not relayed', async () => {
  const subject = `plain ${run}`;
  const sent = await swaks(listed[1], subject);
  check(sent.code === 0, `swaks exited ${sent.code}:\n${sent.output}`);
  if (!env.FOLDER_ROOT) {
    return 'folder not checked: FOLDER_ROOT unset';
  }
  const folder = path.join(env.FOLDER_ROOT, name('kept'), 'others');
  const [written] = await waitFor(async () => {
    const found = (await emlFiles(folder)).filter((f) => f.content.includes(subject));
    return found.length > 0 && found;
  }, `a copy under ${folder}`);
  check(!/^X-Api-Rule:/m.test(written.content), `the folder copy has X-Api-Rule:\n${written.content}`);
  same(sunk(subject).length, 0, 'copies of the plain message at the sink');
  return path.relative(env.FOLDER_ROOT, written.file);
});

// Pagination with the SDK's paginators.
await step('paginateListRuleSets with PageSize 1 collects every rule set', async () => {
  state.pagedRuleSetIds = [];
  for (const i of [1, 2, 3]) {
    const created = await mm.send(new CreateRuleSetCommand({ RuleSetName: name(`page-${i}`), Rules: [{ Name: 'drop', Actions: [{ Drop: {} }] }] }));
    state.pagedRuleSetIds.push(created.RuleSetId);
  }
  const { items, pages } = await collect(paginateListRuleSets({ client: mm, pageSize: 1 }, {}), 'RuleSets', 1);
  const ids = items.map((r) => r.RuleSetId);
  same(new Set(ids).size, ids.length, `no rule set twice in ${JSON.stringify(ids)}`);
  for (const id of [state.ruleSetId, ...state.pagedRuleSetIds]) {
    check(ids.includes(id), `${id} missing from ${JSON.stringify(ids)}`);
  }
  check(pages >= 4, `${pages} pages for ${ids.length} rule sets`);
  const mine = items.find((r) => r.RuleSetId === state.ruleSetId);
  same(mine.RuleSetName, name('routing'), 'the summary\'s RuleSetName');
  return `${ids.length} rule sets in ${pages} pages`;
});

await step('paginate the other lists with PageSize 1', async () => {
  const found = [];
  for (const [paginator, key, idKey, id] of [
    [paginateListTrafficPolicies({ client: mm, pageSize: 1 }, {}), 'TrafficPolicies', 'TrafficPolicyId', state.trafficPolicyId],
    [paginateListRelays({ client: mm, pageSize: 1 }, {}), 'Relays', 'RelayId', state.sinkRelayId],
    [paginateListAddressLists({ client: mm, pageSize: 1 }, {}), 'AddressLists', 'AddressListId', state.addressListId],
    [paginateListIngressPoints({ client: mm, pageSize: 1 }, {}), 'IngressPoints', 'IngressPointId', state.ingressPointId],
  ]) {
    const { items, pages } = await collect(paginator, key, 1);
    check(items.some((item) => item[idKey] === id), `${id} missing from ${key}: ${JSON.stringify(items)}`);
    found.push(`${key} ${items.length}/${pages}`);
  }
  const relays = await collect(paginateListRelays({ client: mm, pageSize: 1 }, {}), 'Relays', 1);
  check(relays.items.some((r) => r.RelayId === state.secretRelayId), 'the authenticated relay is not listed');
  return found.join(', ');
});

await step('paginateListMembersOfAddressList with PageSize 2', async () => {
  const { items, pages } = await collect(paginateListMembersOfAddressList({ client: mm, pageSize: 2 }, { AddressListId: state.addressListId }), 'Addresses', 2);
  same(items.map((a) => a.Address).sort(), listed, 'Addresses');
  same(pages, 2, 'pages');
  check(items.every((a) => a.CreatedTimestamp instanceof Date), 'a member without CreatedTimestamp');
});

// Updates, and reads that show them.
await step('UpdateRuleSet: reads and mail show the change', async () => {
  await mm.send(new UpdateRuleSetCommand({ RuleSetId: state.ruleSetId, RuleSetName: name('routing-v2'), Rules: rules('api-tagged-v2') }));
  const ruleSet = await mm.send(new GetRuleSetCommand({ RuleSetId: state.ruleSetId }));
  same(ruleSet.RuleSetName, name('routing-v2'), 'RuleSetName');
  same(ruleSet.Rules?.[0]?.Actions?.[0]?.AddHeader?.HeaderValue, 'api-tagged-v2', 'the header value');
  check(ruleSet.LastModificationDate instanceof Date && ruleSet.LastModificationDate >= ruleSet.CreatedDate, 'LastModificationDate before CreatedDate');
  const subject = `[api] after the update ${run}`;
  const sent = await swaks(listed[2], subject);
  check(sent.code === 0, `swaks exited ${sent.code}:\n${sent.output}`);
  const [message] = await waitFor(() => sunk(subject).length > 0 && sunk(subject), 'the message at the sink');
  check(/^X-Api-Rule: api-tagged-v2\r$/m.test(message.content), `no "X-Api-Rule: api-tagged-v2" header in:\n${message.content}`);
});

await step('UpdateTrafficPolicy: the read shows the change, the statements stay', async () => {
  await mm.send(new UpdateTrafficPolicyCommand({ TrafficPolicyId: state.trafficPolicyId, TrafficPolicyName: name('listed-only-v2'), MaxMessageSizeBytes: 1048576 }));
  const policy = await mm.send(new GetTrafficPolicyCommand({ TrafficPolicyId: state.trafficPolicyId }));
  same([policy.TrafficPolicyName, policy.MaxMessageSizeBytes, policy.DefaultAction], [name('listed-only-v2'), 1048576, 'DENY'], 'TrafficPolicyName, MaxMessageSizeBytes, DefaultAction');
  same(policy.PolicyStatements?.length, 1, 'statements');
});

await step('UpdateRelay: the read shows the change', async () => {
  await mm.send(new UpdateRelayCommand({ RelayId: state.secretRelayId, ServerName: 'smtp2.example.net', ServerPort: 2587 }));
  const relay = await mm.send(new GetRelayCommand({ RelayId: state.secretRelayId }));
  same([relay.RelayName, relay.ServerName, relay.ServerPort], [name('authenticated'), 'smtp2.example.net', 2587], 'RelayName, ServerName, ServerPort');
  same(relay.Authentication, { SecretArn: state.secretArn }, 'Authentication');
});

await step('UpdateIngressPoint: the read shows the change', async () => {
  await mm.send(new UpdateIngressPointCommand({ IngressPointId: state.ingressPointId, IngressPointName: name('open-renamed') }));
  const point = await waitFor(async () => {
    const current = await mm.send(new GetIngressPointCommand({ IngressPointId: state.ingressPointId }));
    return current.Status === 'ACTIVE' ? current : null;
  }, 'the ingress point to be ACTIVE again');
  same([point.IngressPointName, point.RuleSetId, point.TrafficPolicyId], [name('open-renamed'), state.ruleSetId, state.trafficPolicyId], 'IngressPointName, RuleSetId, TrafficPolicyId');
});

await step('UpdateIngressPoint StatusToUpdate CLOSED closes the SMTP port, ACTIVE opens it again', async () => {
  const statusBecomes = (status) => waitFor(async () => {
    const current = await mm.send(new GetIngressPointCommand({ IngressPointId: state.ingressPointId }));
    return current.Status === status;
  }, `the ingress point to be ${status}`);
  await mm.send(new UpdateIngressPointCommand({ IngressPointId: state.ingressPointId, StatusToUpdate: 'CLOSED' }));
  await statusBecomes('CLOSED');
  await waitFor(smtpPortClosed, `nothing listening on ${smtpHost}:${smtpPort} while CLOSED`);
  await mm.send(new UpdateIngressPointCommand({ IngressPointId: state.ingressPointId, StatusToUpdate: 'ACTIVE' }));
  await statusBecomes('ACTIVE');
  await waitFor(async () => !(await smtpPortClosed()), `${smtpHost}:${smtpPort} listening again`);
});

// Idempotency.
await step('CreateRuleSet twice with the same ClientToken returns the same RuleSetId', async () => {
  const request = { ClientToken: `e2e-${run}-token`, RuleSetName: name('idempotent'), Rules: [{ Name: 'drop', Actions: [{ Drop: {} }] }] };
  const first = await mm.send(new CreateRuleSetCommand(request));
  const second = await mm.send(new CreateRuleSetCommand(request));
  same(second.RuleSetId, first.RuleSetId, 'RuleSetId of the retried create');
  const { items } = await collect(paginateListRuleSets({ client: mm, pageSize: 50 }, {}), 'RuleSets', 50);
  same(items.filter((r) => r.RuleSetName === name('idempotent')).length, 1, 'rule sets of that name');
  state.idempotentRuleSetId = first.RuleSetId;
  return first.RuleSetId;
});

// Tags.
await step('tags: Tags on create, TagResource, ListTagsForResource, UntagResource', async () => {
  const tagsOf = async (arn) => (await mm.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags
    .map((t) => `${t.Key}=${t.Value}`).sort();
  same(await tagsOf(state.ruleSetArn), ['team=mail'], 'the rule set\'s tags from CreateRuleSet');
  same(await tagsOf(state.addressListArn), ['purpose=e2e'], 'the address list\'s tags from CreateAddressList');
  same(await tagsOf(state.ingressPointArn), ['purpose=e2e'], 'the ingress point\'s tags from CreateIngressPoint');
  await mm.send(new TagResourceCommand({ ResourceArn: state.ruleSetArn, Tags: [{ Key: 'stage', Value: 'test' }, { Key: 'team', Value: 'ops' }] }));
  same(await tagsOf(state.ruleSetArn), ['stage=test', 'team=ops'], 'after TagResource');
  await mm.send(new UntagResourceCommand({ ResourceArn: state.ruleSetArn, TagKeys: ['team'] }));
  same(await tagsOf(state.ruleSetArn), ['stage=test'], 'after UntagResource');
  await mm.send(new TagResourceCommand({ ResourceArn: state.trafficPolicyArn, Tags: [{ Key: 'empty', Value: '' }] }));
  same(await tagsOf(state.trafficPolicyArn), ['empty='], 'a tag with an empty value on the traffic policy');
});

// Each error type.
await step('ValidationException (HTTP 400) for a bad name and a malformed ID', async () => {
  const err = await expectError(() => mm.send(new CreateRuleSetCommand({ RuleSetName: 'not a valid name!', Rules: [{ Name: 'drop', Actions: [{ Drop: {} }] }] })), 'ValidationException', 400);
  // A malformed ID is refused before any lookup, as SES does.
  await expectError(() => mm.send(new GetRuleSetCommand({ RuleSetId: 'not an id!' })), 'ValidationException', 400);
  return err.message;
});

await step('ResourceNotFoundException (HTTP 404) for well-formed missing IDs', async () => {
  const missing = '00000000000000000000000000';
  await expectError(() => mm.send(new GetRuleSetCommand({ RuleSetId: `rs-${missing}` })), 'ResourceNotFoundException', 404);
  await expectError(() => mm.send(new GetTrafficPolicyCommand({ TrafficPolicyId: `tp-${missing}` })), 'ResourceNotFoundException', 404);
  await expectError(() => mm.send(new GetIngressPointCommand({ IngressPointId: `inp-${missing}` })), 'ResourceNotFoundException', 404);
  const err = await expectError(() => mm.send(new UpdateRuleSetCommand({ RuleSetId: `rs-${missing}`, RuleSetName: name('nowhere') })), 'ResourceNotFoundException', 404);
  return err.message;
});

await step('ConflictException (HTTP 409) for a duplicate name', async () => {
  const err = await expectError(
    () => mm.send(new CreateRuleSetCommand({ RuleSetName: name('routing-v2'), Rules: [{ Name: 'drop', Actions: [{ Drop: {} }] }] })),
    'ConflictException', 409);
  return err.message;
});

await step('ConflictException (HTTP 409) for deleting a rule set an ingress point uses', async () => {
  const err = await expectError(() => mm.send(new DeleteRuleSetCommand({ RuleSetId: state.ruleSetId })), 'ConflictException', 409);
  await mm.send(new GetRuleSetCommand({ RuleSetId: state.ruleSetId }));
  return err.message;
});

await step('ServiceQuotaExceededException (HTTP 402) past 100 address lists', async () => {
  // The quota is 100 address lists; the lists this step creates are deleted again.
  const existing = (await collect(paginateListAddressLists({ client: mm, pageSize: 50 }, {}), 'AddressLists', 50)).items.length;
  const created = [];
  try {
    for (let i = existing; i < 100; i++) {
      created.push((await mm.send(new CreateAddressListCommand({ AddressListName: name(`quota-${i}`) }))).AddressListId);
    }
    const err = await expectError(() => mm.send(new CreateAddressListCommand({ AddressListName: name('quota-101') })), 'ServiceQuotaExceededException', 402);
    return `after ${created.length} more lists: ${err.message}`;
  } finally {
    for (const id of created) {
      await mm.send(new DeleteAddressListCommand({ AddressListId: id }));
    }
  }
});

await step('AccessDeniedException (HTTP 403) for GetSecretValue', async () => {
  const err = await expectError(() => sm.send(new GetSecretValueCommand({ SecretId: name('relay-credentials') })), 'AccessDeniedException', 403);
  return err.message;
});

// Deletes in order, each followed by a Get that answers 404.
await step('DeleteIngressPoint, then GetIngressPoint answers 404 and the port closes', async () => {
  await mm.send(new DeleteIngressPointCommand({ IngressPointId: state.ingressPointId }));
  // SES deprovisions an ingress point asynchronously: poll until it is gone.
  await waitFor(async () => {
    try {
      await mm.send(new GetIngressPointCommand({ IngressPointId: state.ingressPointId }));
      return false;
    } catch (err) {
      if (err.name === 'ResourceNotFoundException' && err.$metadata?.httpStatusCode === 404) {
        return true;
      }
      throw err;
    }
  }, 'GetIngressPoint to answer ResourceNotFoundException');
  await waitFor(smtpPortClosed, `nothing listening on ${smtpHost}:${smtpPort}`);
});

await step('DeleteRuleSet, then GetRuleSet answers 404 and a second delete succeeds', async () => {
  for (const id of [state.ruleSetId, state.idempotentRuleSetId, ...state.pagedRuleSetIds]) {
    await mm.send(new DeleteRuleSetCommand({ RuleSetId: id }));
    await expectError(() => mm.send(new GetRuleSetCommand({ RuleSetId: id })), 'ResourceNotFoundException', 404);
  }
  // Deletes are idempotent in SES: a well-formed ID of a rule set that is gone deletes without error.
  await mm.send(new DeleteRuleSetCommand({ RuleSetId: state.ruleSetId }));
});

await step('DeleteTrafficPolicy, then GetTrafficPolicy answers 404', async () => {
  await mm.send(new DeleteTrafficPolicyCommand({ TrafficPolicyId: state.trafficPolicyId }));
  await expectError(() => mm.send(new GetTrafficPolicyCommand({ TrafficPolicyId: state.trafficPolicyId })), 'ResourceNotFoundException', 404);
});

await step('DeleteAddressList, then GetAddressList answers 404', async () => {
  await mm.send(new DeleteAddressListCommand({ AddressListId: state.addressListId }));
  await expectError(() => mm.send(new GetAddressListCommand({ AddressListId: state.addressListId })), 'ResourceNotFoundException', 404);
});

await step('DeleteRelay (both), then GetRelay answers 404', async () => {
  for (const id of [state.sinkRelayId, state.secretRelayId]) {
    await mm.send(new DeleteRelayCommand({ RelayId: id }));
    await expectError(() => mm.send(new GetRelayCommand({ RelayId: id })), 'ResourceNotFoundException', 404);
  }
});

await step('secretsmanager DeleteSecret, then DescribeSecret answers ResourceNotFoundException', async () => {
  await sm.send(new DeleteSecretCommand({ SecretId: state.secretArn, ForceDeleteWithoutRecovery: true }));
  const err = await expectError(() => sm.send(new DescribeSecretCommand({ SecretId: state.secretArn })), 'ResourceNotFoundException');
  return `HTTP ${err.$metadata?.httpStatusCode}`;
});

await shutdown();
console.log(`scenario complete: ${stepCount} steps in ${((Date.now() - started) / seconds).toFixed(1)} s`);
process.exit(0);

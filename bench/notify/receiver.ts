/**
 * The loopback webhook receiver in a process of its own, so the bench's CPU figures are the sender's alone.
 * Prints its URL; answers each IPC message with the requests and connections it has seen.
 */
import { startWebhookReceiver } from '../api/diagnostics.js';

const receiver = await startWebhookReceiver();
process.stdout.write(`${receiver.url}\n`);
process.on('message', () =>
  process.send!({ requests: receiver.received(), connections: receiver.connections() }),
);
process.on('disconnect', () => process.exit(0));

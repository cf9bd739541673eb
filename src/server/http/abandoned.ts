import type { FastifyReply } from 'fastify';
import { AppError } from '../core/errors.js';

/**
 * A signal that aborts when the client closes the connection before its answer was sent, so work
 * still waiting for a hashing thread can be dropped: under a burst of sign-ins, the queue then holds
 * only requests someone still waits for, and service is back as soon as the burst ends (issue 16).
 */
export function abandonedSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const response = reply.raw;
  response.once('close', () => {
    // 'close' follows every answer too; only a connection closed before the end means the client left.
    if (!response.writableFinished) controller.abort(new AppError('server.busy', { headers: { 'retry-after': '1' } }));
  });
  return controller.signal;
}

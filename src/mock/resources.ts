/**
 * Handlers by shape: every operation with an `x-resource` gets the handler its action calls for, over
 * the one store of its collection and scope, so that any API is a stateful mock with no code and a GET by
 * id answers the record the list shows. Each action's handler is its write unit's (src/units/writes), looked
 * up by action, not branched on; vendor modules override single operations where a real server does
 * something else.
 *
 * Write semantics (the README's behaviour notes):
 * - create (POST on the collection): the body with the request schema's defaults, plus the fields the
 *   server sets (`serverFields`: a new id in the format the existing ids have, creation and update times
 *   now); a `unique` field already used in the scope is a conflict; answers the documented status (201).
 * - update (PATCH): the body's fields replace the record's, top level; `null` sets null where the item
 *   schema allows it and removes an optional field otherwise; update times set.
 * - replace (PUT): the body becomes the record; id and creation time are kept.
 * - delete: removes; answers the documented status (204, or 200 with the removed record).
 * - A result that would break the item schema is not stored: it is a validation error in the API's own
 *   error format.
 */
import { resourceOf, type Operation } from '../contracts';
import { writeUnit } from '../units/writes';
import { errorResponse } from '../units/writes/record';
import { listHandler, resolveCollection } from './handlers';
import type { OperationHandler, VendorModule } from './types';

export { newId } from '../units/writes';

type Vendor = () => VendorModule;

/** The handler an operation's shape calls for, or undefined when it has no `x-resource`. */
export function resourceHandler(op: Operation, vendor: Vendor): OperationHandler | undefined {
  const resource = resourceOf(op);
  if (!resource) return undefined;
  if (resource.action === 'list') return op.pagination || op.responses.some((r) => r.schema) ? listHandler(vendor) : undefined;
  const unit = writeUnit(resource.action);
  const status = resource.status ?? unit.status;
  return (ctx) => {
    const scoped = resolveCollection(ctx, ctx.params.path);
    if (!scoped.ok) return errorResponse(vendor, scoped.reason === 'membership' ? 'forbidden' : 'not-found', { resource: resource.scope.join('/'), id: scoped.id }, op);
    return unit.mock.handle({ ctx, resource, collection: scoped.collection, vendor, status });
  };
}

/** Handlers by shape for every operation of a contract that declares `x-resource`. */
export function resourceHandlers(operations: Operation[], vendor: Vendor): Record<string, OperationHandler> {
  const out: Record<string, OperationHandler> = {};
  for (const op of operations) {
    const handler = resourceHandler(op, vendor);
    if (handler) out[op.operationId] = handler;
  }
  return out;
}

/**
 * Internal signals that end a request early as a refusal outcome (D5: value, limits T and C,
 * a JS program's sandbox memory or stack cap).
 *
 * They are thrown from inside the EVM (a state access, a custom opcode, a message hook) and
 * are not `EVMError`s, so @ethereumjs/evm re-throws them up to `EvmEngine.execute`, which rolls
 * the whole request back and turns them into an outcome. They are never seen outside the
 * package: a fault (a loader's RaceteeError) takes the same path but is re-thrown as is.
 */
import { resultStatus } from '@racetee/protocol'

export type RefusalStatus =
  | typeof resultStatus.limitExceeded
  | typeof resultStatus.valueRefused
  | typeof resultStatus.sandboxLimit

export class RequestRefusal {
  constructor(readonly status: RefusalStatus) {}
}

export function refuseValue(): never {
  throw new RequestRefusal(resultStatus.valueRefused)
}

export function refuseLimit(): never {
  throw new RequestRefusal(resultStatus.limitExceeded)
}

/** A JS program hit its sandbox's memory or stack cap without catching it (D5 "JS programs"). */
export function refuseSandbox(): never {
  throw new RequestRefusal(resultStatus.sandboxLimit)
}

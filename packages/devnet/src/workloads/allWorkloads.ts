/** Every workload of D9 that runs on the devnet, in the order the demo shows them. */
import type { Address } from 'viem'
import { addMultiplyWorkload, calWorkload, quickSelectWorkload } from './computeWorkloads.js'
import { auctionWorkload, dexWorkload, factoryWorkload } from './marketWorkloads.js'
import type { Workload } from './runWorkload.js'

export function allWorkloads(users: readonly [Address, Address, Address]): Workload[] {
  const [alice, bob, carol] = users
  return [
    addMultiplyWorkload(alice),
    dexWorkload(alice),
    auctionWorkload(carol, [alice, bob]),
    factoryWorkload(bob),
    quickSelectWorkload(alice),
    calWorkload(bob),
  ]
}

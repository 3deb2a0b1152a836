/**
 * D9's market workloads over confidential tokens: the DEX (two tokens, add liquidity,
 * constant-product swap with a 0.3 % fee), the second-price sealed-bid auction paying in a
 * token, and a pair factory whose pairs are created inside the enclave and then used as
 * programs of their own (D5 factories).
 */
import {
  confidentialDexArtifact,
  confidentialErc20Artifact,
  pairArtifact,
  pairFactoryArtifact,
  sealedBidAuctionArtifact,
} from '@racetee/contracts'
import type { Address } from 'viem'
import type { Devnet } from '../startDevnet.js'
import type { SideContext, Workload, WorkloadStep } from './runWorkload.js'

const SUPPLY = 10n ** 30n
const token = (from: Address, symbol: string) => ({
  name: symbol,
  artifact: confidentialErc20Artifact,
  from,
  args: () => [`Token ${symbol}`, symbol, SUPPLY] as const,
})
const erc20 = confidentialErc20Artifact.abi

function approve(
  from: Address,
  tokenName: string,
  spender: (c: SideContext) => Address,
  amount: bigint,
  label = `approve ${tokenName}`,
): WorkloadStep {
  return {
    label,
    from,
    target: tokenName,
    abi: erc20,
    functionName: 'approve',
    args: (c) => [spender(c), amount],
  }
}

export function dexWorkload(user: Address): Workload {
  const abi = confidentialDexArtifact.abi
  const dex = (c: SideContext) => c.address('dex')
  return {
    name: 'DEX: two confidential tokens, liquidity and a 0.3 % constant-product swap',
    deployments: [
      token(user, 'TKA'),
      token(user, 'TKB'),
      {
        name: 'dex',
        artifact: confidentialDexArtifact,
        from: user,
        args: (c) => [c.address('TKA'), c.address('TKB')],
      },
    ],
    steps: [
      approve(user, 'TKA', dex, SUPPLY),
      approve(user, 'TKB', dex, SUPPLY),
      {
        label: 'addLiquidity(1e24, 2e24)',
        from: user,
        target: 'dex',
        abi,
        functionName: 'addLiquidity',
        args: () => [10n ** 24n, 2n * 10n ** 24n],
      },
      {
        label: 'swap(TKA, 1e21, 0)',
        from: user,
        target: 'dex',
        abi,
        functionName: 'swap',
        args: (c) => [c.address('TKA'), 10n ** 21n, 0n],
      },
      { label: 'getReserves()', from: user, target: 'dex', abi, functionName: 'getReserves', kind: 'view' },
    ],
  }
}

export function auctionWorkload(seller: Address, bidders: readonly [Address, Address]): Workload {
  const abi = sealedBidAuctionArtifact.abi
  const auction = (c: SideContext) => c.address('auction')
  const [alice, bob] = bidders
  return {
    name: 'Second-price sealed-bid auction paying in a confidential token',
    deployments: [
      token(seller, 'PAY'),
      // Ends far in the future: the demo moves the chain's clock past it before closing.
      {
        name: 'auction',
        artifact: sealedBidAuctionArtifact,
        from: seller,
        args: (c) => [c.address('PAY'), 2n ** 40n, 100n],
      },
    ],
    steps: [
      {
        label: 'PAY.transfer(alice)',
        from: seller,
        target: 'PAY',
        abi: erc20,
        functionName: 'transfer',
        args: () => [alice, 10n ** 24n],
      },
      {
        label: 'PAY.transfer(bob)',
        from: seller,
        target: 'PAY',
        abi: erc20,
        functionName: 'transfer',
        args: () => [bob, 10n ** 24n],
      },
      approve(alice, 'PAY', auction, 10n ** 24n, 'alice approve PAY'),
      approve(bob, 'PAY', auction, 10n ** 24n, 'bob approve PAY'),
      {
        label: 'alice bid(5000)',
        from: alice,
        target: 'auction',
        abi,
        functionName: 'bid',
        args: () => [5_000n],
      },
      {
        label: 'bob bid(7000)',
        from: bob,
        target: 'auction',
        abi,
        functionName: 'bid',
        args: () => [7_000n],
      },
      {
        label: 'bob bidOf(bob)',
        from: bob,
        target: 'auction',
        abi,
        functionName: 'bidOf',
        args: () => [bob],
        kind: 'view',
      },
      {
        label: 'close() after the end',
        from: seller,
        target: 'auction',
        abi,
        functionName: 'close',
        before: (devnet) => passTime(devnet, 2n ** 40n),
      },
      { label: 'price()', from: seller, target: 'auction', abi, functionName: 'price', kind: 'view' },
    ],
  }
}

export function factoryWorkload(user: Address): Workload {
  const pair = (c: SideContext) => c.value('createPair(TKC, TKD)') as Address
  const abi = pairArtifact.abi
  return {
    name: 'Pair factory: a pair created inside the enclave, then used as its own program',
    deployments: [
      token(user, 'TKC'),
      token(user, 'TKD'),
      { name: 'factory', artifact: pairFactoryArtifact, from: user },
    ],
    steps: [
      {
        label: 'createPair(TKC, TKD)',
        from: user,
        target: 'factory',
        abi: pairFactoryArtifact.abi,
        functionName: 'createPair',
        args: (c) => [c.address('TKC'), c.address('TKD')],
        gas: 4_000_000n,
        // The factory sorts the two tokens by address, and each side's tokens sort differently.
        gasDependsOnAddresses: true,
      },
      approve(user, 'TKC', pair, SUPPLY),
      approve(user, 'TKD', pair, SUPPLY),
      {
        label: 'pair.addLiquidity(1e24, 1e24)',
        from: user,
        target: pair,
        abi,
        functionName: 'addLiquidity',
        args: () => [10n ** 24n, 10n ** 24n],
      },
      {
        label: 'pair.swap(TKD, 1e20, 0)',
        from: user,
        target: pair,
        abi,
        functionName: 'swap',
        args: (c) => [c.address('TKD'), 10n ** 20n, 0n],
        gasDependsOnAddresses: true,
      },
    ],
  }
}

/** Moves the shared chain's clock to `timestamp` (both runs see it): anvil's evm_setNextBlockTimestamp. */
async function passTime(devnet: Devnet, timestamp: bigint): Promise<void> {
  const latest = await devnet.publicClient.getBlock()
  if (latest.timestamp >= timestamp) return
  await devnet.publicClient.request({
    method: 'evm_setNextBlockTimestamp' as never,
    params: [`0x${timestamp.toString(16)}`] as never,
  })
  await devnet.publicClient.request({ method: 'evm_mine' as never, params: [] as never })
}

import {
  isRaceteeError,
  parseRequestEnvelope,
  requestAad,
  requestInfo,
  requestKinds,
  sealRequestEnvelope,
} from '@racetee/protocol'
import { getAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import { EpochKeyring } from '../keys/epochKeys.js'
import { EpochOpeners } from './EpochOpeners.js'

const chainId = 31337n
const mc = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3')
const program = getAddress('0x00000000000000000000000000000000c0de0001')

describe('EpochOpeners', () => {
  it('makes one opener per epoch, with that epoch’s info, that opens its envelopes', async () => {
    const keyring = new EpochKeyring()
    keyring.create(3n)
    const openers = new EpochOpeners(keyring, chainId, mc)
    const first = await openers.get(3n)
    expect(await openers.get(3n)).toBe(first)
    expect(first.info).toEqual(requestInfo(chainId, mc, 3n))
    const sent = await sealRequestEnvelope({
      recipientPublicKey: keyring.requestKeyPair(3n).publicKey,
      chainId,
      mc,
      epoch: 3n,
      program,
      caller: program,
      kind: requestKinds.call,
      body: Uint8Array.of(1, 2, 3),
    })
    const { enc, ciphertext } = parseRequestEnvelope(sent.envelope)
    const opened = await first.opener.open({
      enc,
      ciphertext,
      info: first.info,
      aad: requestAad(program, program, requestKinds.call),
    })
    expect(opened.kind === 'opened' && opened.resultBase).toEqual(sent.resultBase)
  })

  it('error: an epoch whose secret is not held is ENCLAVE_EPOCH_UNKNOWN', async () => {
    const openers = new EpochOpeners(new EpochKeyring(), chainId, mc)
    const err = await openers.get(1n).catch((e: unknown) => e)
    expect(isRaceteeError(err, 'ENCLAVE_EPOCH_UNKNOWN')).toBe(true)
  })
})

/** Registering and admitting enclaves in tests (D3.1, P7). */
import { admissionTypes } from '@racetee/protocol'
import { type Hex, keccak256, type PrivateKeyAccount } from 'viem'
import { read, send, type TestChain } from './testChain.js'

export const evidenceOf = (signer: PrivateKeyAccount): Hex => `0x01${signer.address.slice(2)}`
export const encryptionKeyOf = (signer: PrivateKeyAccount): Hex => keccak256(signer.address)

/** `register` from the host account with the minimum bond. */
export async function registerEnclave(t: TestChain, signer: PrivateKeyAccount) {
  return send(
    t,
    t.wallet(t.accounts.host),
    'register',
    [
      signer.address,
      encryptionKeyOf(signer),
      evidenceOf(signer),
      t.accounts.host.address,
      'http://enclave-x',
    ],
    t.config.minBond,
  )
}

export async function admission(t: TestChain, newcomer: PrivateKeyAccount) {
  return {
    enclave: newcomer.address,
    encryptionKey: encryptionKeyOf(newcomer),
    evidenceHash: keccak256(evidenceOf(newcomer)),
    registryVersion: await read<bigint>(t, 'registryVersion'),
    epoch: (await read<{ epoch: bigint }>(t, 'epochInfo')).epoch,
    epochSecret: '0xe1e1' as Hex,
    prevEpochSecret: '0x' as Hex,
  }
}

export async function signAdmission(
  t: TestChain,
  a: Awaited<ReturnType<typeof admission>>,
  admitter: PrivateKeyAccount,
): Promise<Hex> {
  return admitter.signTypedData({
    domain: t.domain,
    types: admissionTypes,
    primaryType: 'Admission',
    message: a,
  })
}

/** Admits `newcomer` with a signature by `admitter` (default the genesis enclave); returns the receipt. */
export async function admitEnclave(t: TestChain, newcomer: PrivateKeyAccount, admitter = t.accounts.enclave) {
  const a = await admission(t, newcomer)
  return send(t, t.wallet(t.accounts.user), 'admit', [a, await signAdmission(t, a, admitter)])
}

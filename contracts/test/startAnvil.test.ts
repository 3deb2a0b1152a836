import { createWalletClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { startAnvil } from '../devchain/index.js'

describe('startAnvil', () => {
  it('starts anvil at osaka with the dev accounts, and stop() ends it', async () => {
    const anvil = await startAnvil({ chainId: 31338 })
    try {
      const client = createWalletClient({ transport: http(anvil.rpcUrl) })
      expect(await client.getChainId()).toBe(31338)
      const accounts = await client.getAddresses()
      expect(accounts.map((x) => x.toLowerCase())).toEqual(
        anvil.accounts.map((k) => privateKeyToAccount(k).address.toLowerCase()),
      )
    } finally {
      await anvil.stop()
    }
    await expect(fetch(anvil.rpcUrl, { method: 'POST' })).rejects.toThrow()
  })
})

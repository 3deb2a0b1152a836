import { describe, expect, it } from 'vitest'
import * as dashboard from './index.js'

describe('@racetee/dashboard exports', () => {
  it('exports startDashboard, the feed and its decoders', () => {
    expect(Object.keys(dashboard).sort()).toMatchInlineSnapshot(`
      [
        "DashboardFeed",
        "FeedState",
        "attributeCounterLosses",
        "decodeCommitCall",
        "decodeMcLogs",
        "parseExecutorMetrics",
        "scanBlocks",
        "startDashboard",
      ]
    `)
  })
})

/**
 * Kinds of sealed blobs at rest (D4 "At rest"). The value is part of the sealing nonce and AAD.
 * Never renumber.
 */
export const blobKinds = {
  code: 1,
  info: 2,
  index: 3,
  page: 4,
} as const

export type BlobKindName = keyof typeof blobKinds
export type BlobKind = (typeof blobKinds)[BlobKindName]

/** Storage slots grouped into one page: page = slot >> 4 (D5: "slots grouped by key"). */
export const SLOTS_PER_PAGE_LOG2 = 4
export const SLOTS_PER_PAGE = 1 << SLOTS_PER_PAGE_LOG2

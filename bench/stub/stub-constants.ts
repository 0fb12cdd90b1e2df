/** Values the stub answers with that the bench must agree on (it signs callbacks with the key). */
export const STUB = {
  signingKey: 'stub-signing-key-Dz7k7pRjZS9pcgrbDNF4kC1mK',
  signingKeyId: 'stubkey0001',
  userId: '90ec21a1-17b1-40fa-a363-011a97bef7aa',
  mailboxGuid: '855fb079-04fd-4a37-af8c-5e71296bd53c',
} as const;

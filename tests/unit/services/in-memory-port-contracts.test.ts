import { InMemoryAuditLog } from '../../fakes/in-memory/in-memory-audit-log.js';
import { InMemoryDraftStore } from '../../fakes/in-memory/in-memory-draft-store.js';
import { auditLogContract, draftStoreContract } from '../../helpers/port-contracts.js';

function inMemory() {
  const audit = new InMemoryAuditLog();
  return { audit, drafts: new InMemoryDraftStore(audit) };
}

draftStoreContract('in memory', inMemory);
auditLogContract('in memory', inMemory);

import type { DomainError } from '../domain/domain-error.js';
import type { AccountError } from '../services/account-service.js';
import type { CheckSettingsError } from '../services/check-settings-service.js';
import type { DelegationError } from '../services/delegation-service.js';
import type { FalsePositiveError } from '../services/false-positive-service.js';
import type { GatewayGrantError } from '../services/gateway-credential-service.js';
import type { LiveCheckError } from '../services/live-check-service.js';
import type { LoginError } from '../services/login-service.js';
import type { PeopleError } from '../services/people-service.js';
import type { RegisterError } from '../domain/monitor/register-lifecycle.js';
import type { CorrectionError } from '../services/correction-service.js';
import type { ReportError } from '../services/ports/reports.js';
import type { WorkflowError } from '../services/workflow-service.js';

/**
 * Every refusal a service returns to the JSON API, the pages or the CLI: facts keyed by `code`. A code means one
 * thing wherever it appears; where two services word it differently (the same refusal met while marking a false
 * positive or granting a credential) the error says so in a `while` fact instead of a second code.
 */
export type ServiceError =
  | DomainError
  | PeopleError
  | AccountError
  | DelegationError
  | GatewayGrantError
  | CheckSettingsError
  | FalsePositiveError
  | LiveCheckError
  | LoginError
  | RegisterError
  | CorrectionError
  | ReportError
  | WorkflowError;

export type ServiceErrorCode = ServiceError['code'];

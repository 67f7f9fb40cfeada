export { loadCredentials, type Credentials } from "./credentials.ts";
export { ExchangeError, type ExchangeErrorCode } from "./errors.ts";
export type { ExchangeEvent, ExchangeEventSink } from "./events.ts";
export { fingerprintOfPublicKey } from "./host-key.ts";
export {
  partnerLayoutSchema,
  QUOTATION_COLUMN_KINDS,
  QUOTATION_COLUMNS,
  type PartnerLayout,
} from "./layout.ts";
export { exchangeDir, Ledger, type LedgerEntry } from "./ledger.ts";
export { pullQuotations, type PullOptions, type PullResult } from "./pull.ts";
export {
  pushRequests,
  requestFileName,
  type PushOptions,
  type PushResult,
} from "./push.ts";
export { checkQuotationFile, type QuotationCheck } from "./quotation-file.ts";
export {
  encodeRequestFile,
  type RequestColumn,
  type RequestRow,
} from "./request-file.ts";
export {
  partnerSectionSchema,
  sftpSchema,
  type SftpSettings,
} from "./sftp-schema.ts";

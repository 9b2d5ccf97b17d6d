// The browser host's wire protocol: one copy in shared/ that the page's bridge reads too.
export {
  MAX_MESSAGE_BYTES,
  POS_SOCKET_PATH,
  POS_SUBPROTOCOL,
  TOKEN_META_NAME,
  TOKEN_SUBPROTOCOL_PREFIX,
  type PosEventMessage,
  type PosRequestMessage,
  type PosResponseMessage,
  type RequestId,
} from '../../shared/host-protocol';

// Headers and labels of the CSV exports, in the cashier's languages. The two sets have the same
// keys (the type says so, and a test checks it at run time too).
import type { Language } from '../../../shared/payment';

const en = {
  titleDay: 'Counter day report (not closed)',
  titleZ: 'Counter Z report',
  titleReconciliation: 'Counter reconciliation',
  businessDay: 'Business day',
  mode: 'Mode',
  modeLive: 'Live',
  modeTraining: 'Training',
  zNumber: 'Z number',
  closedAt: 'Closed at',
  timeZone: 'Time zone',
  cutoffHour: 'Cut-off hour',
  from: 'From',
  to: 'To',
  generatedAt: 'Generated at',
  currency: 'Currency',
  sectionTotals: 'Totals',
  item: 'Item',
  count: 'Count',
  amount: 'Amount',
  payments: 'Payments',
  refunds: 'Refunds',
  net: 'Net',
  sectionByGateway: 'By gateway and wallet',
  gateway: 'Gateway',
  profile: 'Profile',
  wallet: 'Wallet',
  paymentsCount: 'Payments',
  paymentsAmount: 'Payments amount',
  refundsCount: 'Refunds',
  refundsAmount: 'Refunds amount',
  netAmount: 'Net amount',
  sectionHourly: 'By hour',
  startsAt: 'Starts at',
  hour: 'Hour',
  sectionUnresolved: 'Not yet final',
  type: 'Type',
  reference: 'Reference',
  status: 'Status',
  createdAt: 'Created at',
  sectionLate: 'Late events: settled after their own day was closed, counted in this day',
  originalDay: 'Original day',
  settledAt: 'Settled at',
  none: '(none)',
  kindPayment: 'Payment',
  kindRefund: 'Refund',
  walletWechat: 'WeChat Pay',
  walletAlipay: 'Alipay',
  walletUnionpay: 'UnionPay QuickPass',
  walletNone: '(none)',
  statusPending: 'Pending',
  statusUnknown: 'Not confirmed',
  statusPaid: 'Paid',
  statusDeclined: 'Declined',
  statusClosed: 'Closed',
  statusExpired: 'Expired',
  statusCancelled: 'Cancelled',
  statusProcessing: 'Processing',
  statusSucceeded: 'Succeeded',
  statusFailed: 'Failed',
  statusRefunded: 'Refunded',
  statusWaiting: 'Waiting for the buyer',
  statusNotFound: 'Not found',
  statusOther: 'Other',
  listedProfiles: "Checked against the gateway's list",
  sweptProfiles: 'Checked by status queries',
  sectionResults: 'Results',
  sectionRows: 'Transactions',
  result: 'Result',
  resultMatched: 'Matched',
  resultLocalOnly: 'Only in Counter',
  resultGatewayOnly: 'Only at the gateway',
  resultAmountMismatch: 'Amount differs',
  resultStatusMismatch: 'Status differs',
  outTradeNo: 'Order number',
  outRefundNo: 'Refund number',
  ourAmount: 'Our amount',
  ourStatus: 'Our status',
  gatewayAmount: 'Gateway amount',
  gatewayStatus: 'Gateway status',
};

export type ReportLabels = typeof en;

const zhCN: ReportLabels = {
  titleDay: 'Counter 营业日报表（未日结）',
  titleZ: 'Counter Z 报表（日结）',
  titleReconciliation: 'Counter 对账',
  businessDay: '营业日',
  mode: '模式',
  modeLive: '正式',
  modeTraining: '培训',
  zNumber: 'Z 报表编号',
  closedAt: '日结时间',
  timeZone: '时区',
  cutoffHour: '日切时间（点）',
  from: '开始',
  to: '结束',
  generatedAt: '生成时间',
  currency: '币种',
  sectionTotals: '合计',
  item: '项目',
  count: '笔数',
  amount: '金额',
  payments: '收款',
  refunds: '退款',
  net: '净额',
  sectionByGateway: '按支付通道和钱包',
  gateway: '支付通道',
  profile: '通道配置',
  wallet: '钱包',
  paymentsCount: '收款笔数',
  paymentsAmount: '收款金额',
  refundsCount: '退款笔数',
  refundsAmount: '退款金额',
  netAmount: '净额',
  sectionHourly: '按小时',
  startsAt: '开始时间',
  hour: '小时',
  sectionUnresolved: '结果未确定',
  type: '类型',
  reference: '单号',
  status: '状态',
  createdAt: '创建时间',
  sectionLate: '迟到交易：原营业日日结后才完成，计入本日',
  originalDay: '原营业日',
  settledAt: '完成时间',
  none: '（无）',
  kindPayment: '收款',
  kindRefund: '退款',
  walletWechat: '微信支付',
  walletAlipay: '支付宝',
  walletUnionpay: '云闪付',
  walletNone: '（无）',
  statusPending: '等待中',
  statusUnknown: '未确认',
  statusPaid: '已支付',
  statusDeclined: '支付失败',
  statusClosed: '已关闭',
  statusExpired: '已过期',
  statusCancelled: '已取消',
  statusProcessing: '处理中',
  statusSucceeded: '成功',
  statusFailed: '失败',
  statusRefunded: '已退款',
  statusWaiting: '等待买家付款',
  statusNotFound: '未找到',
  statusOther: '其他',
  listedProfiles: '按通道交易清单核对',
  sweptProfiles: '逐笔查询核对',
  sectionResults: '核对结果',
  sectionRows: '交易明细',
  result: '结果',
  resultMatched: '一致',
  resultLocalOnly: '仅本地有',
  resultGatewayOnly: '仅通道有',
  resultAmountMismatch: '金额不一致',
  resultStatusMismatch: '状态不一致',
  outTradeNo: '商户订单号',
  outRefundNo: '商户退款单号',
  ourAmount: '本地金额',
  ourStatus: '本地状态',
  gatewayAmount: '通道金额',
  gatewayStatus: '通道状态',
};

export const REPORT_LABELS: Readonly<Record<Language, ReportLabels>> = { en, 'zh-CN': zhCN };

export function labelsFor(language: Language): ReportLabels {
  return REPORT_LABELS[language];
}

const STATUS_KEYS: Readonly<Record<string, keyof ReportLabels>> = {
  pending: 'statusPending',
  unknown: 'statusUnknown',
  paid: 'statusPaid',
  declined: 'statusDeclined',
  closed: 'statusClosed',
  expired: 'statusExpired',
  cancelled: 'statusCancelled',
  processing: 'statusProcessing',
  succeeded: 'statusSucceeded',
  failed: 'statusFailed',
  refunded: 'statusRefunded',
  waiting: 'statusWaiting',
  not_found: 'statusNotFound',
  other: 'statusOther',
};

/** A status word in the language; a status this table does not know is written as it is. */
export function statusLabel(labels: ReportLabels, status: string): string {
  const key = STATUS_KEYS[status];
  return key ? labels[key] : status;
}

export function walletLabel(labels: ReportLabels, wallet: string | undefined): string {
  switch (wallet) {
    case 'wechat':
      return labels.walletWechat;
    case 'alipay':
      return labels.walletAlipay;
    case 'unionpay':
      return labels.walletUnionpay;
    case undefined:
      return labels.walletNone;
    default:
      return wallet;
  }
}

export function kindLabel(labels: ReportLabels, kind: 'payment' | 'refund'): string {
  return kind === 'payment' ? labels.kindPayment : labels.kindRefund;
}

export function modeLabel(labels: ReportLabels, mode: 'live' | 'training'): string {
  return mode === 'live' ? labels.modeLive : labels.modeTraining;
}

// History: payments by day or range (today by default), the current mode's only, searched
// and filtered by core one page of 50 at a time; Enter or a click opens the payment.
import { useEffect, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PAYMENT_STATUSES, WALLETS, type Payment, type PaymentStatus, type Wallet } from '../../shared/payment';
import { kindName } from '../components/backoffice/gatewayText';
import { KeyButton } from '../components/backoffice/Keys';
import { Pager } from '../components/backoffice/Pager';
import { KeyHint, KeyHintBar } from '../components/KeyHint';
import { ProblemText } from '../components/backoffice/ProblemText';
import { Spinner } from '../components/Spinner';
import { LateBadge, StatusBadge } from '../components/StatusBadge';
import { localeFor } from '../i18n';
import { BACKOFFICE_KEYMAP, useBoKeys } from '../keyboard/backofficeKeys';
import { localDay, showDateTime, showMoney, showTime } from '../lib/format';
import { useAppStore } from '../stores/appStore';
import { useDetailStore } from '../stores/detailStore';
import { PAGE_SIZE, SEARCH_TEXT_MAX, useHistoryStore } from '../stores/historyStore';
import { useViewStore } from '../stores/viewStore';

export function HistoryScreen() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const mode = useAppStore((s) => s.info?.mode ?? 'training');
  const query = useHistoryStore((s) => s.query);
  const rows = useHistoryStore((s) => s.rows);
  const total = useHistoryStore((s) => s.total);
  const offset = useHistoryStore((s) => s.offset);
  const loading = useHistoryStore((s) => s.loading);
  const loaded = useHistoryStore((s) => s.loaded);
  const problem = useHistoryStore((s) => s.problem);
  const queryIssue = useHistoryStore((s) => s.queryIssue);
  const selected = useHistoryStore((s) => s.selected);
  const kinds = useHistoryStore((s) => s.kinds);
  const setQuery = useHistoryStore((s) => s.setQuery);
  const resetQuery = useHistoryStore((s) => s.resetQuery);
  const search = useHistoryStore((s) => s.search);
  const nextPage = useHistoryStore((s) => s.nextPage);
  const prevPage = useHistoryStore((s) => s.prevPage);
  const select = useHistoryStore((s) => s.select);
  const moveSelection = useHistoryStore((s) => s.moveSelection);
  const loadKinds = useHistoryStore((s) => s.loadKinds);
  const openDetail = useDetailStore((s) => s.open);
  const dialogs = useViewStore((s) => s.dialogs.length);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLTableSectionElement>(null);

  useEffect(() => {
    void loadKinds();
    // Read again each time the view opens (new payments, another mode). A query left at its default
    // "today" follows the calendar: opened the next morning it shows the new day.
    const q = useHistoryStore.getState().query;
    const untouched = q.text === '' && q.status === '' && q.gatewayKind === '' && q.wallet === '' && q.from === q.to;
    if (untouched && q.from !== localDay(new Date())) resetQuery();
    else void search();
  }, [loadKinds, search, resetQuery]);

  useEffect(() => {
    listRef.current?.querySelector('[data-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selected, rows]);

  const open = (payment: Payment | undefined) => {
    if (payment) void openDetail(payment.outTradeNo);
  };
  const free = dialogs === 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.floor(offset / PAGE_SIZE) + 1;
  const multiDay = query.from !== query.to;
  const number = (n: number) => new Intl.NumberFormat(localeFor(language)).format(n);

  useBoKeys([
    { keys: BACKOFFICE_KEYMAP.search, run: () => searchRef.current?.focus(), enabled: free },
    { keys: BACKOFFICE_KEYMAP.up, run: () => moveSelection(-1), enabled: free, repeat: true },
    { keys: BACKOFFICE_KEYMAP.down, run: () => moveSelection(1), enabled: free, repeat: true },
    // not while a search is on its way: the row selected now may not be in its answer
    { keys: BACKOFFICE_KEYMAP.open, run: () => open(rows[selected]), enabled: free && rows.length > 0 && !loading },
    { keys: BACKOFFICE_KEYMAP.nextPage, run: () => void nextPage(), enabled: free, inFields: true },
    { keys: BACKOFFICE_KEYMAP.prevPage, run: () => void prevPage(), enabled: free, inFields: true },
    { keys: BACKOFFICE_KEYMAP.today, run: () => resetQuery(), enabled: free },
  ]);

  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    void search();
    searchRef.current?.blur(); // the arrows and Enter now act on the list
  };

  return (
    <>
      <div className="screen bo-screen history-screen" data-testid="history-screen" data-total={total} data-offset={offset} data-loading={loading ? 'true' : 'false'}>
        <header className="bo-title-row">
          <h1>{t('backoffice.history.title')}</h1>
          <span className={mode === 'live' ? 'bo-chip bo-chip-live' : 'bo-chip bo-chip-training'} data-testid="history-mode">
            {mode === 'live' ? t('backoffice.history.liveNote') : t('backoffice.history.trainingNote')}
          </span>
        </header>
        <form className="bo-filters" onSubmit={submitSearch} noValidate role="search">
          <label className="bo-filter">
            <span className="bo-label">{t('backoffice.history.from')}</span>
            <input type="date" className="bo-input" data-testid="history-from" value={query.from} onChange={(e) => setQuery({ from: e.target.value })} aria-invalid={queryIssue === 'bad_from' || queryIssue === 'range' || undefined} />
          </label>
          <label className="bo-filter">
            <span className="bo-label">{t('backoffice.history.to')}</span>
            <input type="date" className="bo-input" data-testid="history-to" value={query.to} onChange={(e) => setQuery({ to: e.target.value })} aria-invalid={queryIssue === 'bad_to' || queryIssue === 'range' || undefined} />
          </label>
          <label className="bo-filter bo-filter-search">
            <span className="bo-label">
              {t('backoffice.history.search')} <KeyHint keys={BACKOFFICE_KEYMAP.search} />
            </span>
            <input
              ref={searchRef}
              type="search"
              className="bo-input"
              data-testid="history-search"
              value={query.text}
              maxLength={SEARCH_TEXT_MAX + 10}
              placeholder={t('backoffice.history.searchPlaceholder')}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setQuery({ text: e.target.value })}
            />
          </label>
          <label className="bo-filter">
            <span className="bo-label">{t('backoffice.history.status')}</span>
            <select className="bo-input" data-testid="history-status" value={query.status} onChange={(e) => setQuery({ status: e.target.value as PaymentStatus | '' })}>
              <option value="">{t('backoffice.history.anyStatus')}</option>
              {PAYMENT_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`status.${status}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="bo-filter">
            <span className="bo-label">{t('backoffice.history.gateway')}</span>
            <select className="bo-input" data-testid="history-gateway" value={query.gatewayKind} onChange={(e) => setQuery({ gatewayKind: e.target.value })}>
              <option value="">{t('backoffice.history.anyGateway')}</option>
              {kinds.map((kind) => (
                <option key={kind} value={kind}>
                  {kindName(kind, language)}
                </option>
              ))}
            </select>
          </label>
          <label className="bo-filter">
            <span className="bo-label">{t('backoffice.history.wallet')}</span>
            <select className="bo-input" data-testid="history-wallet" value={query.wallet} onChange={(e) => setQuery({ wallet: e.target.value as Wallet | '' })}>
              <option value="">{t('backoffice.history.anyWallet')}</option>
              {WALLETS.map((wallet) => (
                <option key={wallet} value={wallet}>
                  {t(`wallet.${wallet}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" hidden tabIndex={-1} />
          <KeyButton label={t('backoffice.history.resetFilters')} keys={BACKOFFICE_KEYMAP.today} onClick={() => resetQuery()} testId="history-reset" kind="plain" />
        </form>

        <div className="bo-status-line">
          {loading ? <Spinner /> : null}
          <strong data-testid="history-total" data-total={total}>
            {t('backoffice.history.total', { count: total, total: number(total) })}
          </strong>
          {total > 0 ? (
            <span>
              {t('backoffice.history.showing', {
                first: number(Math.min(total, offset + 1)),
                last: number(Math.min(total, offset + rows.length)),
                total: number(total),
              })}
            </span>
          ) : null}
          {loading ? <span role="status">{t('backoffice.history.searching')}</span> : null}
        </div>
        {queryIssue ? (
          <p className="message message-error" role="alert" data-testid="history-query-issue" data-issue={queryIssue}>
            {t(`backoffice.history.${queryIssue}`)}
          </p>
        ) : null}
        {problem ? (
          <ProblemText problem={problem} sentenceKey="backoffice.history.failed" testId="history-problem" />
        ) : null}

        <div className="bo-table-wrap">
          <table className="bo-table bo-history-table">
            <thead>
              <tr>
                <th scope="col">{t('backoffice.history.colTime')}</th>
                <th scope="col">{t('backoffice.history.colOrder')}</th>
                <th scope="col" className="bo-num">
                  {t('backoffice.history.colAmount')}
                </th>
                <th scope="col">{t('backoffice.history.colWallet')}</th>
                <th scope="col">{t('backoffice.history.colGateway')}</th>
                <th scope="col">{t('backoffice.history.colStatus')}</th>
              </tr>
            </thead>
            <tbody ref={listRef}>
              {rows.map((p, index) => (
                <tr
                  key={p.outTradeNo}
                  className={index === selected ? 'bo-row bo-selected' : 'bo-row'}
                  data-testid="history-row"
                  data-order={p.outTradeNo}
                  data-status={p.status}
                  data-selected={index === selected ? 'true' : 'false'}
                  aria-selected={index === selected}
                  onClick={() => {
                    select(index);
                    open(p);
                  }}
                >
                  <td className="bo-nowrap">{multiDay ? showDateTime(p.createdAt, language) : showTime(p.createdAt, language)}</td>
                  <td className="bo-mono">
                    {p.outTradeNo}
                    {p.note ? <span className="bo-note">{p.note}</span> : null}
                  </td>
                  <td className="bo-num">
                    <strong>{showMoney(p.amount, language)}</strong>
                    {p.refundedMinor ? <span className="bo-note">{t('backoffice.history.refunded', { amount: showMoney({ minor: p.refundedMinor, currency: p.amount.currency }, language) })}</span> : null}
                  </td>
                  <td>
                    {p.wallet ? t(`wallet.${p.wallet}`) : t('backoffice.common.none')}
                    <span className="bo-note">{t(`method.${p.method}`)}</span>
                  </td>
                  <td>{kindName(p.gatewayKind, language)}</td>
                  <td>
                    <StatusBadge status={p.status} />
                    {p.late ? <LateBadge /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {loaded && !loading && rows.length === 0 && !problem ? (
            <p className="bo-empty" data-testid="history-empty">
              {t('backoffice.history.empty')}
            </p>
          ) : null}
        </div>

        <Pager testIdPrefix="history" onPrev={() => void prevPage()} onNext={() => void nextPage()} prevDisabled={offset === 0 || loading} nextDisabled={offset + PAGE_SIZE >= total || loading}>
          <span data-testid="history-page" data-page={page} data-pages={pages}>
            {t('backoffice.history.page', { page: number(page), pages: number(pages) })}
          </span>
        </Pager>
      </div>
      <KeyHintBar
        className="bo-keybar no-print"
        ariaLabel={t('backoffice.common.keys')}
        items={[
          { keys: BACKOFFICE_KEYMAP.search, label: t('backoffice.history.search') },
          { keys: [...BACKOFFICE_KEYMAP.up, ...BACKOFFICE_KEYMAP.down], label: t('backoffice.history.select') },
          { keys: BACKOFFICE_KEYMAP.open, label: t('backoffice.history.open') },
          { keys: BACKOFFICE_KEYMAP.prevPage, label: t('backoffice.history.prevPage') },
          { keys: BACKOFFICE_KEYMAP.nextPage, label: t('backoffice.history.nextPage') },
          { keys: BACKOFFICE_KEYMAP.today, label: t('backoffice.history.resetFilters') },
          { keys: BACKOFFICE_KEYMAP.cashier, label: t('backoffice.nav.cashier') },
        ]}
      />
    </>
  );
}

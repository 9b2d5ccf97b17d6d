// The back-office views (history and a payment's detail, report, reconcile, settlement, settings).
// Loaded as their own chunk (App.tsx imports this file lazily, when a back-office view first opens)
// so that the cashier's screens start without them.
import { HistoryScreen } from '../screens/HistoryScreen';
import { PaymentDetailScreen } from '../screens/PaymentDetailScreen';
import { ReconcileScreen } from '../screens/ReconcileScreen';
import { ReportScreen } from '../screens/ReportScreen';
import { SettingsScreen } from '../screens/SettingsScreen';
import { SettlementScreen } from '../screens/SettlementScreen';
import { useDetailStore } from '../stores/detailStore';
import type { BackofficeView } from '../stores/viewStore';

export default function BackofficeScreen({ view }: { view: BackofficeView }) {
  const detailOpen = useDetailStore((s) => s.outTradeNo !== null);
  switch (view) {
    case 'history':
      return detailOpen ? <PaymentDetailScreen /> : <HistoryScreen />;
    case 'report':
      return <ReportScreen />;
    case 'reconcile':
      return <ReconcileScreen />;
    case 'settlement':
      return <SettlementScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}

// Every gateway the app knows, in the order Settings offers them.
import type { GatewayKindInfo } from '../../shared/contract/settings';
import type { GatewayDefinition } from './definition';
import { beeshopDefinition } from './beeshop/definition';
import { storepayDefinition } from './storepay/definition';
import { umfDefinition } from './umf/definition';

export const gatewayDefinitions: readonly GatewayDefinition[] = [storepayDefinition, umfDefinition, beeshopDefinition];

export function findDefinition(kind: string): GatewayDefinition | undefined {
  return gatewayDefinitions.find((d) => d.kind === kind);
}

export function kindInfo(definition: GatewayDefinition): GatewayKindInfo {
  return {
    kind: definition.kind,
    fields: definition.fields.map((f) => ({ ...f, options: f.options ? [...f.options] : undefined })),
    secretFields: definition.secretFields.map((f) => ({ ...f, options: f.options ? [...f.options] : undefined })),
    capabilities: [...definition.capabilities],
    wallets: { qr: [...definition.wallets.qr], scan: [...definition.wallets.scan] },
  };
}

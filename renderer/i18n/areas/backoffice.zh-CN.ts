// 简体中文: the backoffice screens. Same keys as backoffice.en.ts.
import type { Messages } from '../en';

export const backofficeZhCN: Messages['backoffice'] = {};

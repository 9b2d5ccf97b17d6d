// English strings of the backoffice screens. backoffice.zh-CN.ts holds exactly the same keys.
export const backofficeEn = {} as const;

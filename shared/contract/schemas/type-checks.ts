// Compile-time only: holds the plain names and types the renderer and the preload use
// (shared/contract.ts and its sections) equal to the zod schemas dispatch checks calls against.
// Nothing imports this file; `npm run typecheck` compiles it, and a schema and a type that drift
// apart (a field added to one, an enum value renamed) fail the typecheck here.
import type { z } from 'zod';
import type { Contract, Events, MethodName, methodNames, PaymentMethods } from '../../contract';
import type { PosErrorData } from '../../errors';
import type { Money } from '../../money';
import type { RefundMethods } from '../refunds';
import type { ReportMethods } from '../reports';
import type { SettingsMethods } from '../settings';
import type { contract, events, paymentMethods } from './index';
import type { posErrorSchema } from './errors';
import type { moneySchema } from './money';
import type { refundMethods } from './refunds';
import type { reportMethods } from './reports';
import type { settingsMethods } from './settings';

/** true when A and B are each assignable to the other and have the same keys, all the way down. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? (IsUnion<A> extends true ? true : SameKeys<A, B>) : false) : false;
// A union (an export's request or delivery, an enum) is held by assignability both ways: comparing
// keys would spread over its members and compare each with the whole union.
type IsUnion<T, U = T> = (T extends unknown ? ([U] extends [T] ? false : true) : never) extends false ? false : true;
type SameKeys<A, B> = A extends readonly unknown[]
  ? B extends readonly unknown[]
    ? Same<A[number], B[number]>
    : false
  : A extends object
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? false extends { [K in keyof A & keyof B]: Same<NonNullable<A[K]>, NonNullable<B[K]>> }[keyof A & keyof B]
          ? false
          : true
        : false
      : false
    : true;

type Holds<T extends true> = T;

type SchemaMap = typeof contract;

/** per method: input as sent, input as parsed, output. An entry reads false where they differ. */
type MethodChecks = {
  [M in MethodName]: [
    Same<z.input<SchemaMap[M]['input']>, Contract[M]['input']>,
    Same<z.output<SchemaMap[M]['input']>, Contract[M]['parsed']>,
    Same<z.output<SchemaMap[M]['output']>, Contract[M]['output']>,
  ];
};
type AllHold<T extends Record<string, readonly true[]>> = T;

export type ContractHolds = [
  AllHold<MethodChecks>,
  Holds<Same<keyof SchemaMap, MethodName>>,
  Holds<Same<(typeof methodNames)[number], MethodName>>,
  Holds<Same<keyof typeof paymentMethods, keyof PaymentMethods>>,
  Holds<Same<keyof typeof settingsMethods, keyof SettingsMethods>>,
  Holds<Same<keyof typeof refundMethods, keyof RefundMethods>>,
  Holds<Same<keyof typeof reportMethods, keyof ReportMethods>>,
  Holds<Same<{ [E in keyof typeof events]: z.output<(typeof events)[E]> }, Events>>,
  Holds<Same<z.output<typeof posErrorSchema>, PosErrorData>>,
  Holds<Same<z.output<typeof moneySchema>, Money>>,
];

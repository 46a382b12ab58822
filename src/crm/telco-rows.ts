// The IBM Telco churn CSV format: row validation and mapping to a customer's subscription attributes.
import { z } from 'zod';
import type { SubscriptionAttributes } from '../store/ports.js';

const yesNo = z.enum(['Yes', 'No']);
const text = z.string().trim().min(1);
const number = z.string().trim().min(1).pipe(z.coerce.number<string>().finite());

export const TELCO_COLUMNS = [
  'customerID', 'gender', 'SeniorCitizen', 'Partner', 'Dependents', 'tenure', 'PhoneService', 'MultipleLines',
  'InternetService', 'OnlineSecurity', 'OnlineBackup', 'DeviceProtection', 'TechSupport', 'StreamingTV',
  'StreamingMovies', 'Contract', 'PaperlessBilling', 'PaymentMethod', 'MonthlyCharges', 'TotalCharges', 'Churn',
] as const;

export const TelcoRowSchema = z.object({
  customerID: text,
  gender: text,
  SeniorCitizen: z.enum(['0', '1']),
  Partner: yesNo,
  Dependents: yesNo,
  tenure: number.pipe(z.number().int().min(0)),
  PhoneService: text,
  MultipleLines: text,
  InternetService: text,
  OnlineSecurity: text,
  OnlineBackup: text,
  DeviceProtection: text,
  TechSupport: text,
  StreamingTV: text,
  StreamingMovies: text,
  Contract: text,
  PaperlessBilling: yesNo,
  PaymentMethod: text,
  MonthlyCharges: number.pipe(z.number().min(0)),
  // A single space for customers with tenure 0 in the published file: missing, not zero.
  TotalCharges: z.string().transform((v, ctx) => {
    if (v.trim() === '') return null;
    const n = Number(v);
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: 'not a number' });
      return z.NEVER;
    }
    return n;
  }),
  Churn: yesNo,
});

export type TelcoRow = z.infer<typeof TelcoRowSchema>;

export function telcoAttributes(row: TelcoRow): SubscriptionAttributes {
  return {
    gender: row.gender,
    seniorCitizen: row.SeniorCitizen === '1',
    partner: row.Partner === 'Yes',
    dependents: row.Dependents === 'Yes',
    tenureMonths: row.tenure,
    phoneService: row.PhoneService,
    multipleLines: row.MultipleLines,
    internetService: row.InternetService,
    onlineSecurity: row.OnlineSecurity,
    onlineBackup: row.OnlineBackup,
    deviceProtection: row.DeviceProtection,
    techSupport: row.TechSupport,
    streamingTV: row.StreamingTV,
    streamingMovies: row.StreamingMovies,
    contract: row.Contract,
    paperlessBilling: row.PaperlessBilling === 'Yes',
    paymentMethod: row.PaymentMethod,
    monthlyCharges: row.MonthlyCharges,
    totalCharges: row.TotalCharges,
    churned: row.Churn === 'Yes',
  };
}

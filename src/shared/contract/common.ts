import { z } from 'zod';
import { ProfileId, Username } from '../domain';

/** Every contract object is strict: an unknown key is an error, not something silently ignored. */
export const obj = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape);

export const Empty = obj({});
export const Ok = z.object({ ok: z.literal(true) });
export const RequestId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a request id');
export const ProfileRef = obj({ profileId: ProfileId });
export const UserRef = obj({ profileId: ProfileId, username: Username });

/** A password as typed by the operator: bounded, never logged, never stored. */
export const Password = z.string().min(1, 'enter a password').max(1024, 'that password is too long');

/** Controller URLs: http(s) only, no credentials, bounded. Normalised in main. */
export const ControllerUrl = z
  .string()
  .trim()
  .min(1, 'enter the controller URL')
  .max(2048, 'that URL is too long')
  .refine((s) => {
    try {
      const u = new URL(/^[a-z][a-z0-9+.-]*:/i.test(s) ? s : `http://${s}`);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'use an http:// or https:// URL without a user name or password in it');

export const PemBundle = z
  .string()
  .max(512 * 1024, 'that certificate bundle is too large')
  .refine((s) => s.includes('-----BEGIN CERTIFICATE-----'), 'not a PEM certificate (expected -----BEGIN CERTIFICATE-----)');

export const TlsSettings = obj({
  /** TLS verification is on unless the operator explicitly opts out (shown as a warning). */
  verify: z.boolean(),
  caPem: PemBundle.nullable(),
});
export type TlsSettings = z.infer<typeof TlsSettings>;

/** Validates the policy text as the admin types, after a short pause; late answers to older text are ignored. */
import { useEffect, useRef, useState } from 'react';
import type { ValidatePolicyOk } from '../../src/contracts/resolvers';
import { callResolver, isResolverError } from '../shared/api';

/** Pause after the last keystroke before asking the validatePolicy resolver. */
const VALIDATE_DEBOUNCE_MS = 300;

export type Validation =
  { kind: 'idle' } | { kind: 'checking' } | { kind: 'done'; result: ValidatePolicyOk } | { kind: 'failed'; message: string };

/** The validation of `source`; nothing is asked while `enabled` is false (the page is still loading). */
export function useValidation(source: string, enabled: boolean): Validation {
  const [validation, setValidation] = useState<Validation>({ kind: 'idle' });
  const round = useRef(0);
  useEffect(() => {
    if (!enabled) return;
    if (source.trim() === '') {
      setValidation({ kind: 'idle' });
      return;
    }
    setValidation({ kind: 'checking' });
    const mine = ++round.current;
    const timer = setTimeout(() => {
      void callResolver('validatePolicy', { source }).then((answer) => {
        if (mine !== round.current) return;
        if (isResolverError(answer)) setValidation({ kind: 'failed', message: answer.message });
        else setValidation({ kind: 'done', result: answer });
      });
    }, VALIDATE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [source, enabled]);
  return validation;
}

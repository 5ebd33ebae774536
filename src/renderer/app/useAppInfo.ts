import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/contract';
import { deis } from '../bridge';

export function useAppInfo(): AppInfo | null {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    deis.app.info({}).then(setInfo, () => setInfo(null));
  }, []);
  return info;
}

/** The commissioning report and diagnostics bundle: thin calls the screens use (the work is in main). */
import { call } from '../api';

export const saveReport = (deviceId: string, siteName: string) => call('report.save', { deviceId, ...(siteName.trim() === '' ? {} : { siteName: siteName.trim() }) });
export const readSigningKey = () => call('report.key', {});
export const saveDiagnostics = () => call('diagnostics.save', {});

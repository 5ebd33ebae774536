export { PROFILE_COLORS, nextColor } from '../../../shared/profile-colors';

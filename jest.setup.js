import { setup } from '@sa11y/jest';

setup();

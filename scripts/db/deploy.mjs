// `npm run db:deploy`: applies committed migrations to the configured database.
import { ensureEnvFile } from "../setup-env.mjs";
import { migrateDeploy } from "./migrate-deploy.mjs";

ensureEnvFile();
migrateDeploy();

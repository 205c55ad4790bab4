/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and engine packages stay outside the server bundle and load from
  // node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "bcryptjs"],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;

#pragma once
// A loopback TCP port nothing listens on at this moment (another process may
// take it before the caller does: callers that can, try again).

namespace baton::test {

unsigned short free_port();

}  // namespace baton::test

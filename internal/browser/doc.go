// Package browser opens HTML pages in headless Chromium for tests and
// reports what a person would see: the pages of runtime/report are
// checked in a real browser, not only as text. It is test support, not
// part of intelligen's API.
//
// Tests skip when no Chromium is installed (on Debian: apt-get install
// chromium).
package browser

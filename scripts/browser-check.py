#!/usr/bin/python3
"""Opens report pages in headless Chromium and checks what a reader sees.

For each index.html given: at 1280 px wide, and at the A4 text width with print styles, no
element reaches past the page's right edge and every SVG label is at least 11 px on screen
(its computed font size times the SVG's scale); printed to PDF on A4, the page count is within
--max-pages. A full-page screenshot and the PDF of each are kept in --out, and their paths printed.

Run by BrowserTests (scripts/test.sh and CI) with Debian's chromium, chromium-driver and
python3-selenium. Exits non-zero naming every failure.
"""
import argparse
import base64
import os
import re
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

A4_TEXT_WIDTH = 688  # 210 mm less 2 × 14 mm margins, at 96 px per inch
MIN_LABEL_PX = 11

CHECK = """
const limit = document.documentElement.clientWidth;
const wide = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width > 0 && (r.right > limit + 0.5 || r.left < -0.5)) {
    wide.push(el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + el.className : '')
      + ' ' + Math.round(r.left) + '..' + Math.round(r.right) + ' "' + (el.textContent || '').trim().slice(0, 40) + '"');
  }
}
const small = [];
let labels = 0;
for (const t of document.querySelectorAll('svg text')) {
  labels++;
  const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
  if (size < %d - 0.01) small.push(size.toFixed(1) + 'px "' + t.textContent.slice(0, 30) + '"');
}
return {limit: limit, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 20),
        wideCount: wide.length, small: small.slice(0, 20), smallCount: small.length, labels: labels,
        height: document.documentElement.scrollHeight};
""" % MIN_LABEL_PX


def pages(pdf: bytes) -> int:
    found = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    if found:
        return found
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf, re.S)]
    return max(counts) if counts else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True, help="folder for screenshots and PDFs")
    parser.add_argument("--max-pages", type=int, required=True, help="most A4 pages a report may print on")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--driver", default="/usr/bin/chromedriver")
    parser.add_argument("pages", nargs="+", metavar="NAME=index.html")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    options = webdriver.ChromeOptions()
    options.binary_location = args.chromium
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=1280,900",
                 "--no-first-run", "--disable-extensions", "--allow-file-access-from-files"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(args.driver), options=options)
    failures = []
    try:
        for spec in args.pages:
            name, _, path = spec.partition("=")
            url = "file://" + os.path.abspath(path)
            for label, width, media in [("1280 px", 1280, "screen"), ("A4 text width", A4_TEXT_WIDTH, "print")]:
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                       {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
                driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})
                driver.get(url)
                r = driver.execute_script(CHECK)
                print(f"{name} at {label}: {r['labels']} SVG labels, page {r['limit']} px wide, "
                      f"content {r['scroll']} px, {r['wideCount']} too wide, {r['smallCount']} labels under "
                      f"{MIN_LABEL_PX} px")
                if r["labels"] == 0:
                    failures.append(f"{name} at {label}: no SVG label at all (no chart drawn?)")
                if r["scroll"] > r["limit"] or r["wideCount"]:
                    failures.append(f"{name} at {label}: wider than the page: " + "; ".join(r["wide"]))
                if r["smallCount"]:
                    failures.append(f"{name} at {label}: labels under {MIN_LABEL_PX} px: " + "; ".join(r["small"]))
                if media == "screen":
                    height = min(int(r["height"]), 30000)
                    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
                    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
                    png = os.path.join(args.out, f"{name}.png")
                    with open(png, "wb") as f:
                        f.write(base64.b64decode(shot["data"]))
                    print(f"screenshot: {png}")
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
            driver.get(url)
            printed = driver.execute_cdp_cmd("Page.printToPDF", {
                "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True, "printBackground": True})
            pdf = base64.b64decode(printed["data"])
            path_pdf = os.path.join(args.out, f"{name}.pdf")
            with open(path_pdf, "wb") as f:
                f.write(pdf)
            n = pages(pdf)
            print(f"{name}: {n} A4 pages: {path_pdf}")
            if not 1 <= n <= args.max_pages:
                failures.append(f"{name}: printed on {n} A4 pages, expected 1 to {args.max_pages}")
    finally:
        driver.quit()
    for failure in failures:
        print("FAIL: " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

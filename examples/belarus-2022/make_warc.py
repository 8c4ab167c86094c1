"""Rebuild ``warc/crawl.warc.gz``, the sample WARC file for watchfloor.

The pages below are sample reports written for watchfloor (see README.md); the
outlet "Homel Region Monitor" and its site are fictional. The output is
deterministic (fixed record ids and dates), so re-running the script gives the
same bytes.

    .venv/bin/python examples/belarus-2022/make_warc.py

Records written: one warcinfo, then for each of three article pages a request
and a 200 ``text/html`` response, and finally a ``text/plain`` response for
robots.txt (not an article; ingest should skip it).
"""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).resolve().parent / "warc" / "crawl.warc.gz"
SITE = "https://homelmonitor.example"
CRAWL_DATE = "2023-01-15T10:{:02d}:00Z"
NS = uuid.UUID("6f1c2d4e-0000-4000-8000-77a7c4f1005e")

FURNITURE_TOP = """<div class="cookies">We use cookies to improve your experience. <a href="/privacy">Privacy</a> <button>Accept</button></div>
<header><a class="logo" href="/">Homel Region Monitor</a>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/military">Military</a> | <a href="/society">Society</a> | <a href="/about">About</a></nav></header>"""

FURNITURE_BOTTOM = """<section class="related"><h3>Read also</h3><ul>
<li><a href="/news/rail-watch">Rail watch: what the trains carried this week</a></li>
<li><a href="/news/border-villages">Border villages emptied by the exclusion rules</a></li></ul></section>
<section class="comments"><h3>Comments</h3><p>No comments yet.</p><p><a href="/login">Log in to comment</a></p></section>
<footer><p>Homel Region Monitor is an independent exile newsroom. &copy; 2022</p>
<p>Sign up for our newsletter: <a href="/newsletter">Homel this week</a></p></footer>"""


def page(title: str, author: str, published: str, dateline: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} - Homel Region Monitor</title>
<meta property="og:site_name" content="Homel Region Monitor">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}">
<meta name="author" content="{author}">
</head><body>
{FURNITURE_TOP}
<main><article>
<h1>{title}</h1>
<p class="byline">By {author} | {dateline}</p>
{body}
</article>
{FURNITURE_BOTTOM}
</main></body></html>
"""


PAGES = [
    (
        "/military/2022/02/17/field-camps-rechitsa",
        page(
            "Field camps spread around Rechitsa as drills near their end",
            "Mikita Savenka",
            "2022-02-17T18:00:00+03:00",
            "17.02.2022",
            """<p>Russian units that arrived for the Union Resolve exercise have spread into fields and forest clearings around Rechitsa, well away from the ranges named in the official exercise plan, residents and satellite pictures published this week suggest.</p>
<figure><img src="/img/rechitsa-camp.jpg" alt=""><figcaption>Tents and vehicles in a clearing east of Rechitsa. Satellite image: Maxar Technologies</figcaption></figure>
<p>Commercial imagery shows rows of tents, armoured vehicles and trucks at several sites between Rechitsa and the Dnieper, and a build-up of equipment at the disused Zyabrovka airfield outside Gomel. Local people say new units arrive at night.</p>
<p>"The road to the river has been closed since Monday," said a farmer near Rechitsa. "Nobody told us why and nobody will tell us when it opens."</p>
<p>The exercise is scheduled to end on February 20. The defence ministry in Minsk says all Russian units will then return home. Residents are sceptical: several camps have dug field latrines and laid gravel tracks, work that soldiers do not usually do for a stay of a few days.</p>
<p>The sites are between 20 and 50 kilometres from the Ukrainian border.</p>""",
        ),
    ),
    (
        "/military/2022/10/18/mig31k-machulishchi",
        page(
            "MiG-31K jets land at Machulishchi airbase",
            "Hanna Karpovich",
            "2022-10-18T09:20:00+03:00",
            "October 18, 2022",
            """<p>Russian MiG-31K interceptors have arrived at the Machulishchi airbase on the southern edge of Minsk, monitoring channels reported on Monday, a week after Aleksandr Lukashenko announced a joint regional grouping of forces with Russia.</p>
<p>The MiG-31K is the version of the aircraft adapted to carry the Kinzhal, an air-launched ballistic missile that Russia has used against Ukraine since March. Observers who photographed the jets said they counted at least two.</p>
<p>Machulishchi lies about 15 km from the centre of the capital and about 250 km from the Ukrainian border. Belarusian officials have not commented on the arrival.</p>
<p>"They did not hide the planes. They parked them where every plane spotter in Minsk could see them," one of the observers said.</p>
<p>Ukraine's air force has said it will treat any take-off of a MiG-31K from Belarus as a possible missile threat.</p>""",
        ),
    ),
    (
        "/military/2022/12/16/naiev-no-strike-group",
        page(
            "Naiev: Russia has not formed a strike group in Belarus, but the north stays fortified",
            "Mikita Savenka",
            "2022-12-16T12:45:00+03:00",
            "16 December 2022",
            """<p>Ukraine's Joint Forces commander, Lieutenant General Serhiy Naiev, said this week that Russia had still not assembled a strike group in Belarus capable of a new offensive, despite a month of drills and high-level visits.</p>
<p>Naiev said Ukraine was nevertheless continuing to build defensive lines and lay mines along the Belarusian border, and that forces in the north had been reinforced. He said Ukrainian intelligence was monitoring the Russian units training at Belarusian ranges.</p>
<p>Estimates of those units vary. Belarus's defence ministry said in October that about 9,000 Russian soldiers would join the regional grouping. Volunteer monitors in the Homel region said this month that they believe the number currently in the country is lower, perhaps 7,000 to 8,000, because some units have already left for the front in eastern Ukraine.</p>
<p>The general's comments came as Belarus held a counter-terrorism exercise involving troop movements across the country, and ahead of an expected visit to Minsk by Vladimir Putin.</p>""",
        ),
    ),
]

ROBOTS = b"User-agent: *\nDisallow: /login\nDisallow: /search\n"


def rid(name: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NS, name)}>"


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        info = writer.create_warcinfo_record(
            OUT.name,
            {
                "software": "watchfloor examples/belarus-2022/make_warc.py (warcio)",
                "description": "Sample crawl of a fictional outlet, written for watchfloor",
                "format": "WARC File Format 1.0",
            },
        )
        info.rec_headers.replace_header("WARC-Record-ID", rid("warcinfo"))
        info.rec_headers.replace_header("WARC-Date", CRAWL_DATE.format(0))
        writer.write_record(info)

        n = 1
        for path, html in PAGES:
            url = SITE + path
            body = html.encode("utf-8")
            req_headers = StatusAndHeaders(
                f"GET {path} HTTP/1.1",
                [("Host", "homelmonitor.example"), ("User-Agent", "watchfloor-sample-crawler/0.1")],
                is_http_request=True,
            )
            req = writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=req_headers,
                warc_headers_dict={"WARC-Record-ID": rid("req" + path), "WARC-Date": CRAWL_DATE.format(n)},
            )
            resp_headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Server", "nginx"),
                ],
                protocol="HTTP/1.1",
            )
            resp = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=resp_headers,
                warc_headers_dict={"WARC-Record-ID": rid("resp" + path), "WARC-Date": CRAWL_DATE.format(n)},
            )
            req.rec_headers.add_header("WARC-Concurrent-To", rid("resp" + path))
            writer.write_record(resp)
            writer.write_record(req)
            n += 1

        robots = writer.create_warc_record(
            SITE + "/robots.txt",
            "response",
            payload=io.BytesIO(ROBOTS),
            length=len(ROBOTS),
            http_headers=StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/plain"), ("Content-Length", str(len(ROBOTS)))],
                protocol="HTTP/1.1",
            ),
            warc_headers_dict={"WARC-Record-ID": rid("robots"), "WARC-Date": CRAWL_DATE.format(n)},
        )
        writer.write_record(robots)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

"""Practice profiles for a batch: python benchmarks/practices.py COUNT FOLDER

Writes COUNT profiles into FOLDER (made, must not exist), each with its own name, address, phone,
e-mail, website, note and logo (a 1200 x 400 PNG of its own colour and number, as large as
examples/logo.png), for `python build.py --lang en --practice FOLDER` (docs/speed.md: the batch of
1,000 practices).
"""
from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def logo(number: int) -> Image.Image:
    colour = ((number * 73) % 200, (number * 151) % 200, (number * 37) % 200)
    image = Image.new("RGB", (1200, 400), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((20, 20, 380, 380), radius=60, fill=colour)
    draw.text((440, 150), f"Practice {number:04d}", fill=colour, font_size=90)
    return image


def profile(number: int) -> str:
    return (f'name: "Praxis Dr. Example {number:04d}"\n'
            f'address: ["Hauptstraße {number}", "{10000 + number} Musterstadt"]\n'
            f'phone: "+49 30 {1000 + number} {number:04d}"\n'
            f'email: "info@praxis-{number:04d}.de"\n'
            f'website: "https://www.praxis-{number:04d}.de"\n'
            f"logo: logo-{number:04d}.png\n"
            f'note: "Back exercise class every {DAYS[number % 5]} at {1 + number % 7} pm, no sign-up needed."\n')


def main() -> None:
    count, folder = int(sys.argv[1]), Path(sys.argv[2])
    folder.mkdir(parents=True)
    for number in range(1, count + 1):
        logo(number).save(folder / f"logo-{number:04d}.png", optimize=True)
        (folder / f"practice-{number:04d}.yaml").write_text(profile(number), encoding="utf-8")


if __name__ == "__main__":
    main()

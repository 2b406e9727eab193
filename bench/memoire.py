"""The process's peak resident memory, as the kernel counts it for this program.

Not getrusage's ru_maxrss: Linux keeps it across exec, so a process started by a large one (the
bench) would report its parent's size. VmHWM belongs to the program's own address space.
"""

from pathlib import Path


def pic_rss_mb() -> float:
    for ligne in Path("/proc/self/status").read_text().splitlines():
        if ligne.startswith("VmHWM:"):
            return int(ligne.split()[1]) / 1024
    return 0.0

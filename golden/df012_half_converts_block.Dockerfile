FROM grafana/grafana:5.2.4
# no build context given: the folders cannot be checked, so the block stays ADD
ADD ./provisioning /etc/grafana/provisioning
ADD ./grafana.ini /etc/grafana/grafana.ini
ADD ./dashboards /var/lib/grafana/dashboards

# apart from the block, yet not converted alone: the file keeps its ADDs together
ADD ./custom.ini /etc/grafana/custom.ini

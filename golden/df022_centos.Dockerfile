FROM centos:7
RUN yum install -y httpd && yum clean all
CMD ["httpd", "-DFOREGROUND"]
